using System.Text.Json;
using Aims.Core.OAuth;
using Aims.Core.Policy;

namespace Aims.Core.Signals.TokenEffects;

/// <summary>
/// What a verified CAEP/RISC event from an agent's own fabric means for the access tokens a relying party holds or
/// issued for that agent (a tool server built on Aims.ResourceServer; another fabric that issued tokens to the agent
/// through identity chaining): credential-compromise, account-disabled, account-purged and session-revoked revoke every
/// token issued up to the event (<c>event_timestamp</c>, else the SET's <c>iat</c>); token-claims-change with
/// <c>claims.scope</c> sets the ceiling (lifted when the fabric says <c>*</c>, any scope its policy allows);
/// account-enabled changes nothing (a re-enabled agent gets new tokens; its old ones stay revoked). The agent is the
/// <c>uri</c> subject, or the <c>uri</c> <c>user</c> of a complex subject (SSF 1.0 §3.3).
/// </summary>
public static class TokenEffectRules
{
    public static TokenEffect Decide(ReceivedSecurityEvent received)
    {
        ArgumentNullException.ThrowIfNull(received);
        if (SecurityEventTypes.IsStreamControl(received.Type))
            return TokenEffect.None($"stream event {ShortType(received.Type)}");

        var agent = AgentOf(received.Subject);
        if (agent is null)
            return TokenEffect.None($"{ShortType(received.Type)} names no agent (subject {received.Subject.Format}); nothing to revoke");

        return received.Type switch
        {
            SecurityEventTypes.CredentialCompromise or SecurityEventTypes.AccountDisabled
                or SecurityEventTypes.AccountPurged or SecurityEventTypes.SessionRevoked => Revoke(agent, received),
            SecurityEventTypes.TokenClaimsChange => ChangeScope(agent, received),
            SecurityEventTypes.AccountEnabled => TokenEffect.None($"{agent} was re-enabled; tokens revoked before stay revoked"),
            _ => TokenEffect.None($"{ShortType(received.Type)} about {agent} has no effect on access tokens"),
        };
    }

    private static TokenEffect Revoke(string agent, ReceivedSecurityEvent received) =>
        TryReadOccurredAt(received, out var revokedAt, out var error)
            ? new TokenEffect(TokenEffectKind.RevokeIssuedBefore, agent, revokedAt, null,
                $"{ShortType(received.Type)}: tokens of {agent} issued at or before {revokedAt:O} are refused")
            : TokenEffect.Malformed(agent, error);

    /// <summary>CAEP 1.0 §3.2: <c>claims</c> holds the new values; only <c>scope</c> matters to access tokens.</summary>
    private static TokenEffect ChangeScope(string agent, ReceivedSecurityEvent received)
    {
        using var payload = JsonDocument.Parse(received.PayloadJson);
        if (!payload.RootElement.TryGetProperty("claims", out var claims) || claims.ValueKind != JsonValueKind.Object)
            return TokenEffect.Malformed(agent, "token-claims-change needs a \"claims\" object (CAEP 1.0 section 3.2)");
        if (!claims.TryGetProperty(OAuthConstants.Claims.Scope, out var scopeElement))
            return TokenEffect.None($"token-claims-change about {agent} changes no scope");
        if (scopeElement.ValueKind != JsonValueKind.String)
            return TokenEffect.Malformed(agent, "token-claims-change: claims.scope must be a space-delimited scope string (RFC 6749 section 3.3)");
        if (!ScopeSet.TryParse(scopeElement.GetString(), out var ceiling, out var scopeError))
            return TokenEffect.Malformed(agent, $"token-claims-change: claims.scope is not a valid scope: {scopeError}");
        if (!TryReadOccurredAt(received, out var changedAt, out var error))
            return TokenEffect.Malformed(agent, error);

        // The fabric's "*": the agent's policy allows any scope again, so there is no ceiling left to apply.
        return ceiling.Contains(PolicyDefaults.AnyScope)
            ? new TokenEffect(TokenEffectKind.RestoreScope, agent, changedAt, null, $"tokens of {agent} carry their own scope again")
            : new TokenEffect(TokenEffectKind.ReduceScope, agent, changedAt, ceiling, $"tokens of {agent} carry at most '{ceiling}'");
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
