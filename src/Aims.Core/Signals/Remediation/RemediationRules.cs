using System.Text.Json;
using Aims.Core.Identity;

namespace Aims.Core.Signals.Remediation;

/// <summary>
/// Maps a verified SET from an outside transmitter (EDR, ITDR, an IdP) to a remediation of one of our agents:
/// RISC credential-compromise → compromise; CAEP risk-level-change to HIGH → compromise, to MEDIUM → reduce scope;
/// RISC account-disabled → suspend; account-purged → terminate; CAEP session-revoked → revoke that session, or every
/// session of the agent when no session is named. Other events are recorded without action. An operator may
/// override the action per event type. The subject must name an agent of our trust domain: a <c>uri</c> (or
/// <c>iss_sub</c> whose <c>sub</c> is) a SPIFFE ID, directly or as the <c>user</c>/<c>application</c> of a complex subject.
/// </summary>
public static class RemediationRules
{
    public static Remediation Decide(
        ReceivedSecurityEvent received, TrustDomain trustDomain, IReadOnlyDictionary<string, RemediationKind>? overrides = null)
    {
        ArgumentNullException.ThrowIfNull(received);
        var agent = AgentOf(received.Subject, trustDomain);
        var session = SessionOf(received.Subject);
        var source = $"{ShortType(received.Type)} from {received.Issuer} (SET {received.Jti})";

        var kind = overrides is not null && overrides.TryGetValue(received.Type, out var chosen) ? chosen : DefaultKind(received);
        if (kind == RemediationKind.RevokeSession && session is null)
            kind = RemediationKind.RevokeSessions;
        if (kind == RemediationKind.None)
            return new Remediation(kind, agent, session, $"{source}: recorded, no remediation for this event");
        if (agent is null && kind != RemediationKind.RevokeSession)
            return new Remediation(RemediationKind.None, null, session, $"{source}: the subject names no agent of {trustDomain}; nothing to remediate");

        return new Remediation(kind, agent, session, $"{source}: {Describe(kind)}");
    }

    private static RemediationKind DefaultKind(ReceivedSecurityEvent received) => received.Type switch
    {
        SecurityEventTypes.CredentialCompromise => RemediationKind.Compromise,
        SecurityEventTypes.AccountDisabled => RemediationKind.Suspend,
        SecurityEventTypes.AccountPurged => RemediationKind.Terminate,
        SecurityEventTypes.SessionRevoked => RemediationKind.RevokeSession,
        SecurityEventTypes.RiskLevelChange => RiskLevelOf(received.PayloadJson) switch
        {
            "HIGH" => RemediationKind.Compromise,
            "MEDIUM" => RemediationKind.ReduceScope,
            _ => RemediationKind.None,
        },
        _ => RemediationKind.None,
    };

    private static string? RiskLevelOf(string payloadJson)
    {
        using var payload = JsonDocument.Parse(payloadJson);
        return payload.RootElement.TryGetProperty("current_level", out var level) && level.ValueKind == JsonValueKind.String
            ? level.GetString()!.ToUpperInvariant()
            : null;
    }

    private static SpiffeId? AgentOf(SubjectIdentifier subject, TrustDomain trustDomain)
    {
        if (subject.Format == SubjectFormats.Complex)
        {
            foreach (var member in new[] { "user", "application" })
            {
                if (subject.Components.TryGetValue(member, out var part) && AgentOf(part, trustDomain) is { } found)
                    return found;
            }

            return null;
        }

        var candidate = subject.Format switch
        {
            SubjectFormats.Uri => subject.Members["uri"],
            SubjectFormats.IssSub => subject.Members["sub"],
            _ => null,
        };
        return candidate is not null && SpiffeId.TryParse(candidate, out var id) && id.IsMemberOf(trustDomain) ? id : null;
    }

    private static string? SessionOf(SubjectIdentifier subject)
    {
        if (subject.Format == SubjectFormats.Opaque)
            return subject.Members["id"];
        return subject.Components.TryGetValue("session", out var session) && session.Format == SubjectFormats.Opaque
            ? session.Members["id"]
            : null;
    }

    private static string Describe(RemediationKind kind) => kind switch
    {
        RemediationKind.Compromise => "compromise the agent: revoke everything it holds",
        RemediationKind.ReduceScope => "reduce the agent's scope",
        RemediationKind.Suspend => "suspend the agent",
        RemediationKind.Terminate => "terminate the agent",
        RemediationKind.RevokeSession => "revoke the session",
        RemediationKind.RevokeSessions => "revoke every session of the agent",
        _ => "no remediation",
    };

    private static string ShortType(string type) => type[(type.LastIndexOf('/') + 1)..];
}
