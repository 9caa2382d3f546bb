using System.Text.Json;
using Aims.Core.OAuth;
using Aims.Core.Policy;
using Aims.Core.Signals;
using Aims.Core.Tokens;

namespace Aims.ResourceServer.Signals;

/// <summary>
/// Turns the fabric's verified CAEP/RISC events into entries of the <see cref="RevocationCache"/>:
/// credential-compromise, account-disabled, account-purged and session-revoked about an agent revoke every token
/// of it issued up to the event (<c>event_timestamp</c>, else the SET's <c>iat</c>); token-claims-change with
/// <c>claims.scope</c> sets the agent's scope ceiling (lowered on a reduction, back to the policy's on a restore, lifted
/// when the fabric says <c>*</c>, any scope its policy allows); account-enabled changes nothing (a re-enabled agent gets new
/// tokens, and its old ones stay revoked). The agent is the <c>uri</c> subject, or the <c>uri</c> <c>user</c> of a
/// complex subject (SSF 1.0 §3.3). Ceiling changes apply in event order: an older one arriving late is ignored.
/// </summary>
public sealed class RevocationSignals(RevocationCache cache)
{
    private readonly Dictionary<string, DateTimeOffset> _ceilingChangedAt = new(StringComparer.Ordinal);
    private readonly Lock _ceilingOrder = new();

    public SignalEffect Apply(ReceivedSecurityEvent received)
    {
        ArgumentNullException.ThrowIfNull(received);
        if (SecurityEventTypes.IsStreamControl(received.Type))
            return SignalEffect.None($"stream event {ShortType(received.Type)}");

        var agent = AgentOf(received.Subject);
        if (agent is null)
            return SignalEffect.None($"{ShortType(received.Type)} names no agent (subject {received.Subject.Format}); nothing to revoke");

        return received.Type switch
        {
            SecurityEventTypes.CredentialCompromise or SecurityEventTypes.AccountDisabled
                or SecurityEventTypes.AccountPurged or SecurityEventTypes.SessionRevoked => RevokeAgent(agent, received),
            SecurityEventTypes.TokenClaimsChange => ReduceScope(agent, received),
            SecurityEventTypes.AccountEnabled => SignalEffect.None($"{agent} was re-enabled; tokens revoked before stay revoked"),
            _ => SignalEffect.None($"{ShortType(received.Type)} about {agent} has no effect on access tokens"),
        };
    }

    /// <summary>Forgets ceiling order entries no event can still be compared with.</summary>
    public void Prune(DateTimeOffset now)
    {
        lock (_ceilingOrder)
        {
            foreach (var (agent, changedAt) in _ceilingChangedAt.ToList())
            {
                if (changedAt + RevocationCache.AgentEntryLifetime <= now)
                    _ceilingChangedAt.Remove(agent);
            }
        }
    }

    private SignalEffect RevokeAgent(string agent, ReceivedSecurityEvent received)
    {
        if (!TryReadOccurredAt(received, out var revokedAt, out var error))
            return new SignalEffect(SignalEffectKind.Malformed, agent, error);

        cache.RevokeAgent(agent, revokedAt);
        return new SignalEffect(SignalEffectKind.AgentRevoked, agent,
            $"{ShortType(received.Type)}: tokens of {agent} issued at or before {revokedAt:O} are refused");
    }

    /// <summary>CAEP 1.0 §3.2: <c>claims</c> holds the new values; only <c>scope</c> matters to access tokens.</summary>
    private SignalEffect ReduceScope(string agent, ReceivedSecurityEvent received)
    {
        using var payload = JsonDocument.Parse(received.PayloadJson);
        if (!payload.RootElement.TryGetProperty("claims", out var claims) || claims.ValueKind != JsonValueKind.Object)
            return new SignalEffect(SignalEffectKind.Malformed, agent, "token-claims-change needs a \"claims\" object (CAEP 1.0 section 3.2)");
        if (!claims.TryGetProperty(OAuthConstants.Claims.Scope, out var scopeElement))
            return SignalEffect.None($"token-claims-change about {agent} changes no scope");
        if (scopeElement.ValueKind != JsonValueKind.String)
            return new SignalEffect(SignalEffectKind.Malformed, agent, "token-claims-change: claims.scope must be a space-delimited scope string (RFC 6749 section 3.3)");
        if (!ScopeSet.TryParse(scopeElement.GetString(), out var ceiling, out var scopeError))
            return new SignalEffect(SignalEffectKind.Malformed, agent, $"token-claims-change: claims.scope is not a valid scope: {scopeError}");
        if (!TryReadOccurredAt(received, out var changedAt, out var error))
            return new SignalEffect(SignalEffectKind.Malformed, agent, error);

        // The fabric's "*": the agent's policy allows any scope again, so there is no ceiling left to apply.
        var lifted = ceiling.Contains(PolicyDefaults.AnyScope);
        lock (_ceilingOrder)
        {
            if (_ceilingChangedAt.TryGetValue(agent, out var applied) && applied > changedAt)
                return SignalEffect.None($"token-claims-change about {agent} from {changedAt:O} is older than the one applied ({applied:O})");

            _ceilingChangedAt[agent] = changedAt;
            cache.SetScopeCeiling(agent, lifted ? null : ceiling);
        }

        return lifted
            ? new SignalEffect(SignalEffectKind.ScopeRestored, agent, $"tokens of {agent} carry their own scope again")
            : new SignalEffect(SignalEffectKind.ScopeReduced, agent, $"tokens of {agent} carry at most '{ceiling}'");
    }

    /// <summary>
    /// CAEP 1.0 §2 <c>event_timestamp</c>, else the SET's <c>iat</c>. An event cannot happen after its SET was
    /// issued, so a later timestamp is held to <c>iat</c>: a wrong clock must not revoke tokens issued afterwards.
    /// </summary>
    private static bool TryReadOccurredAt(ReceivedSecurityEvent received, out DateTimeOffset occurredAt, out string error)
    {
        occurredAt = received.IssuedAt;
        error = string.Empty;
        using var payload = JsonDocument.Parse(received.PayloadJson);
        if (!payload.RootElement.TryGetProperty("event_timestamp", out var timestamp))
            return true;
        if (timestamp.ValueKind != JsonValueKind.Number || !timestamp.TryGetInt64(out var seconds) || seconds < 0 || seconds > 253402300799)
        {
            error = "event_timestamp must be a NumericDate (CAEP 1.0 section 2)";
            return false;
        }

        var at = DateTimeOffset.FromUnixTimeSeconds(seconds);
        if (at < occurredAt)
            occurredAt = at;
        return true;
    }

    private static string? AgentOf(SubjectIdentifier subject)
    {
        if (subject.Format == SubjectFormats.Uri)
            return subject.Members["uri"];
        return subject.Format == SubjectFormats.Complex
               && subject.Components.TryGetValue("user", out var user) && user.Format == SubjectFormats.Uri
            ? user.Members["uri"]
            : null;
    }

    private static string ShortType(string type) => type[(type.LastIndexOf('/') + 1)..];
}
