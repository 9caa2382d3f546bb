using Aims.Core.OAuth;
using Aims.Grains.OAuth;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Aims.Api.OAuth;

/// <summary>
/// Responses of the registration endpoint, never cached (RFC 7591 §3.2). Errors use the OAuth error format:
/// 400 for RFC 7591 §3.2.2 codes, 401 with a Bearer challenge for a bad SVID (RFC 6750 §3.1), and 403 when
/// anonymous registration is disabled.
/// </summary>
internal static class RegistrationResponses
{
    private const string Realm = "Bearer realm=\"aims\"";

    /// <summary>RFC 7591 §3.2.1: 201 with the registered metadata.</summary>
    public static IResult Created(HttpContext http, OAuthClientView client)
    {
        NoStore(http);
        return Results.Json(RegisteredClientResponse.From(client), Http.AimsJson.Options, statusCode: StatusCodes.Status201Created);
    }

    public static IResult Error(HttpContext http, OAuthError error)
    {
        NoStore(http);
        var status = StatusCodes.Status400BadRequest;
        if (error.Error == OAuthErrors.InvalidToken)
        {
            status = StatusCodes.Status401Unauthorized;
            http.Response.Headers.WWWAuthenticate = $"{Realm}, error=\"{OAuthErrors.InvalidToken}\"";
        }
        else if (error.Error == OAuthErrors.AccessDenied)
        {
            status = StatusCodes.Status403Forbidden;
            http.Response.Headers.WWWAuthenticate = Realm;
        }

        return Results.Json(new Dictionary<string, string> { ["error"] = error.Error, ["error_description"] = error.Description }, statusCode: status);
    }

    private static void NoStore(HttpContext http)
    {
        http.Response.Headers[HeaderNames.CacheControl] = "no-store";
        http.Response.Headers[HeaderNames.Pragma] = "no-cache";
    }
}
