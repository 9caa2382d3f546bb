using Aims.Core.Credentials;
using Aims.Core.Signals;
using Aims.ResourceServer.Keys;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Aims.ResourceServer.Signals;

/// <summary>
/// Takes in one SET from the fabric, pushed or polled: verified with <see cref="SecurityEventTokenValidator"/>
/// against the fabric's keys (issuer = the fabric, audience = this receiver's stream <c>aud</c>), taken in once per
/// <c>jti</c>, then applied to the revocation cache by <see cref="RevocationSignals"/>.
/// </summary>
public sealed partial class SignalIntake(
    FabricJwks jwks, RevocationSignals signals, IOptions<AimsResourceServerOptions> options, TimeProvider time, ILogger<SignalIntake> logger)
{
    private readonly SetReplayCache _replays = new();
    private volatile IReadOnlyCollection<string>? _audiences;

    /// <summary>The <c>aud</c> a SET must name: the stream's, known once the subscriber has a stream; null before.</summary>
    public IReadOnlyCollection<string>? Audiences => _audiences;

    /// <exception cref="FabricUnavailableException">The fabric's keys were never loaded and cannot be fetched now.</exception>
    /// <exception cref="InvalidOperationException">No stream yet: <see cref="Audiences"/> is unknown.</exception>
    public async Task<SetIntakeResult> AcceptAsync(string set, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(set);
        var audiences = _audiences ?? throw new InvalidOperationException("No SSF stream yet: the audience of the fabric's SETs is not known.");

        var keys = await jwks.GetKeysAsync(cancellationToken);
        var result = Validate(set, keys, audiences);
        if (result.Error == SetDeliveryErrors.InvalidKey && await jwks.RefreshAfterUnknownKidAsync(keys, cancellationToken) is { } refreshed)
            result = Validate(set, refreshed, audiences);
        if (result.Event is not { } received)
        {
            LogRefused(logger, result.Error!, result.Description!);
            return new SetIntakeResult(SetDisposition.Refused, result.Error, result.Description!);
        }

        if (SetReplayCache.IsTooOld(received.IssuedAt, time.GetUtcNow()))
        {
            var stale = SignalEffect.None($"SET {received.Jti} was issued at {received.IssuedAt:O}, before any token still valid");
            return new SetIntakeResult(SetDisposition.Accepted, null, stale.Description, stale);
        }

        if (!_replays.TryRecord(received.Jti, received.IssuedAt))
        {
            LogDuplicate(logger, received.Jti);
            return new SetIntakeResult(SetDisposition.Duplicate, SetDeliveryErrors.InvalidRequest,
                $"SET {received.Jti} was already received and applied once; a jti is unique per transmitter (RFC 8417 section 2.2)");
        }

        var effect = signals.Apply(received);
        if (effect.Kind == SignalEffectKind.Malformed)
        {
            LogRefused(logger, SetDeliveryErrors.InvalidRequest, effect.Description);
            return new SetIntakeResult(SetDisposition.Refused, SetDeliveryErrors.InvalidRequest, effect.Description, effect);
        }

        LogApplied(logger, received.Jti, received.Txn, effect.Kind, effect.Description);
        return new SetIntakeResult(SetDisposition.Accepted, null, effect.Description, effect);
    }

    /// <summary>Drops replay entries of SETs too old to be applied anyway, and stale ordering state.</summary>
    public void Prune(DateTimeOffset now)
    {
        _replays.Prune(now);
        signals.Prune(now);
    }

    internal void ExpectAudiences(IReadOnlyCollection<string> audiences) => _audiences = audiences;

    private SetValidationResult Validate(string set, JwtBundle keys, IReadOnlyCollection<string> audiences)
    {
        var context = new SetValidationContext(options.Value.Issuer, audiences, kid => kid is not null && keys.TryGetKey(kid, out var key) ? key : null);
        return SecurityEventTokenValidator.Validate(set, context, time.GetUtcNow());
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Applied SET {Jti} (txn {Txn}): {Kind}, {Description}")]
    private static partial void LogApplied(ILogger logger, string jti, string? txn, SignalEffectKind kind, string description);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Refused a SET ({Error}): {Description}")]
    private static partial void LogRefused(ILogger logger, string error, string description);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "SET {Jti} was delivered again; applied once only")]
    private static partial void LogDuplicate(ILogger logger, string jti);
}
