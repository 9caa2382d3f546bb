using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using Aims.Core.Jose;
using Aims.Core.Signals;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Aims.Bench.Compromise;

/// <summary>
/// The SSF push receiver (RFC 8935): a Kestrel listener on loopback in this process. A SET is timed the moment its body
/// has been read, then validated as any receiver would (signature against the fabric's JWKS, issuer, audience,
/// RFC 8417 shape); a valid <c>credential-compromise</c> for an awaited subject completes that subject's wait.
/// </summary>
internal sealed class SetReceiver : IAsyncDisposable
{
    private const string PushPath = "/ssf/push";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<SubjectIdentifier, TaskCompletionSource<long>> _awaited = new();
    private SetValidationContext? _validation;
    private int _refused;
    private string? _firstRefusal;

    private SetReceiver(WebApplication app)
    {
        _app = app;
        AuthorizationHeader = "Bearer " + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
    }

    /// <summary>The <c>authorization_header</c> the stream is configured with (RFC 8935 §2); anything else is refused.</summary>
    public string AuthorizationHeader { get; }

    public string EndpointUrl => _app.Urls.First() + PushPath;

    /// <summary>SETs that failed validation or authorization, and the first reason.</summary>
    public (int Count, string? First) Refused => (_refused, _firstRefusal);

    public static async Task<SetReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new SetReceiver(app);
        app.MapPost(PushPath, (Func<HttpContext, Task<IResult>>)receiver.ReceiveAsync);
        await app.StartAsync();
        return receiver;
    }

    /// <summary>Trusts the fabric's keys (its <c>/oauth2/jwks</c>) for SETs from <paramref name="issuer"/> addressed to <paramref name="audience"/>.</summary>
    public void Trust(string issuer, string audience, string jwksJson)
    {
        if (!VerificationKeySet.TryParse(jwksJson, out var keys, out var error))
            throw new InvalidOperationException($"the fabric's JWKS is not usable: {error}");
        _validation = SetValidationContext.ForJwks(issuer, [audience], keys);
    }

    /// <summary>
    /// Completes with the <see cref="Stopwatch"/> timestamp at which a valid credential-compromise SET about
    /// <paramref name="agent"/> arrived. Call before the compromise.
    /// </summary>
    public Task<long> AwaitCompromiseAsync(string agent) =>
        _awaited.GetOrAdd(SubjectIdentifier.ForUri(agent), _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task<IResult> ReceiveAsync(HttpContext http)
    {
        using var reader = new StreamReader(http.Request.Body);
        var set = await reader.ReadToEndAsync(http.RequestAborted);
        var arrived = Stopwatch.GetTimestamp();

        if (http.Request.Headers.Authorization.ToString() != AuthorizationHeader)
            return Refuse(StatusCodes.Status401Unauthorized, SetDeliveryErrors.AuthenticationFailed, "the Authorization header is not the one configured for this stream");
        if (_validation is null)
            return Refuse(StatusCodes.Status400BadRequest, SetDeliveryErrors.InvalidKey, "the receiver has no keys for this issuer yet");
        var result = SecurityEventTokenValidator.Validate(set, _validation, DateTimeOffset.UtcNow);
        if (!result.IsValid)
            return Refuse(StatusCodes.Status400BadRequest, result.Error!, result.Description);

        var received = result.Event!;
        if (received.Type == SecurityEventTypes.CredentialCompromise && _awaited.TryGetValue(received.Subject, out var waiting))
            waiting.TrySetResult(arrived);
        return Results.Accepted();
    }

    private IResult Refuse(int status, string error, string? description)
    {
        Interlocked.Increment(ref _refused);
        Interlocked.CompareExchange(ref _firstRefusal, $"{error}: {description}", null);
        return Results.Json(new Dictionary<string, string?> { ["err"] = error, ["description"] = description }, statusCode: status);
    }
}
