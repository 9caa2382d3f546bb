using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Aims.Core.Signals;
using Aims.ResourceServer.Keys;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Aims.ResourceServer.Signals;

/// <summary>
/// The RFC 8935 push endpoint the fabric delivers SETs to when the subscriber runs in push mode: one SET per POST as
/// <c>application/secevent+jwt</c>, answered 202 with an empty body once applied, or 400 with
/// <c>{"err","description"}</c> (RFC 8935 §2.3) when it is not a SET this receiver accepts, including a replayed
/// <c>jti</c>. When <see cref="FabricSignalOptions.PushAuthorizationHeader"/> is set, a push without exactly that
/// header is refused with 401 before its body is read.
/// </summary>
public static class SignalReceiverEndpoint
{
    private const string ContentLanguage = "en";

    public static RouteHandlerBuilder MapAimsSignalReceiver(this IEndpointRouteBuilder app, string pattern)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        return app.MapPost(pattern, ReceiveAsync).AllowAnonymous().DisableAntiforgery();
    }

    private static async Task<IResult> ReceiveAsync(HttpContext http, SignalIntake intake, IOptions<FabricSignalOptions> options)
    {
        if (!IsAuthorized(http.Request, options.Value.PushAuthorizationHeader))
            return new Unauthorized(options.Value.PushAuthorizationHeader!);
        if (!MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var mediaType)
            || !string.Equals(mediaType.MediaType, SecurityEventClaims.MediaType, StringComparison.OrdinalIgnoreCase))
        {
            return Refuse(SetDeliveryErrors.InvalidRequest, $"send one SET with Content-Type {SecurityEventClaims.MediaType} (RFC 8935 section 2)");
        }

        var body = await FabricHttp.ReadBoundedAsync(http.Request.Body, SetValidationContext.DefaultMaxLength, http.RequestAborted);
        if (body is null)
            return Refuse(SetDeliveryErrors.InvalidRequest, $"the body is larger than {SetValidationContext.DefaultMaxLength} bytes; one SET is expected");
        if (intake.Audiences is null)
        {
            // Not subscribed yet, so the stream's audience is unknown: a general error the transmitter retries (RFC 8935 §2.3).
            http.Response.Headers.RetryAfter = "5";
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }

        SetIntakeResult result;
        try
        {
            result = await intake.AcceptAsync(Encoding.UTF8.GetString(body).Trim(), http.RequestAborted);
        }
        catch (FabricUnavailableException)
        {
            http.Response.Headers.RetryAfter = "5";
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }

        // RFC 8935 §2.2: 202 with an empty body.
        return result.Disposition == SetDisposition.Accepted ? Results.StatusCode(StatusCodes.Status202Accepted) : Refuse(result.Error!, result.Description);
    }

    /// <summary>
    /// The configured header value, compared as SHA-256 digests in fixed time (neither content nor length leaks
    /// through timing); any push is accepted when none is configured.
    /// </summary>
    private static bool IsAuthorized(HttpRequest request, string? expected)
    {
        if (expected is null)
            return true;
        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(request.Headers.Authorization.ToString()));
        return CryptographicOperations.FixedTimeEquals(presented, SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
    }

    /// <summary>RFC 8935 §2.3: 400, <c>application/json</c>, <c>err</c> and <c>description</c>, and <c>Content-Language</c>.</summary>
    private static SetErrorResult Refuse(string err, string description) => new(err, description);

    private sealed class SetErrorResult(string err, string description) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status400BadRequest;
            httpContext.Response.Headers.ContentLanguage = ContentLanguage;
            return httpContext.Response.WriteAsJsonAsync(new Dictionary<string, string> { ["err"] = err, ["description"] = description });
        }
    }

    /// <summary>RFC 7235 §3.1: a 401 names the scheme to use, here the one of the configured header.</summary>
    private sealed class Unauthorized(string expectedHeader) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status401Unauthorized;
            var scheme = expectedHeader.Split(' ', 2)[0];
            httpContext.Response.Headers.WWWAuthenticate = $"{scheme} realm=\"ssf-push\"";
            return Task.CompletedTask;
        }
    }
}
