using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Aims.Core.Signals;

/// <summary>
/// Builds the CAEP 1.0 and RISC 1.0 events this fabric emits, each with the members its profile requires and
/// <c>event_timestamp</c>, <c>initiating_entity</c> and a non-empty <c>reason_admin</c> (which the CAEP
/// interoperability profile requires for session-revoked and credential-change).
/// </summary>
public static class SecurityEvents
{
    /// <summary>CAEP §3.1: the sessions of the subject (a session, an agent, or a complex of both) are revoked.</summary>
    public static SecurityEvent SessionRevoked(SubjectIdentifier subject, EventCause cause) =>
        Build(SecurityEventTypes.SessionRevoked, subject, cause, _ => { });

    /// <summary>CAEP §3.2: claims of the subject's tokens changed, e.g. <c>{"scope": "read"}</c> after a scope reduction.</summary>
    public static SecurityEvent TokenClaimsChange(SubjectIdentifier subject, IReadOnlyDictionary<string, string> claims, EventCause cause)
    {
        ArgumentNullException.ThrowIfNull(claims);
        if (claims.Count == 0)
            throw new ArgumentException("token-claims-change needs at least one changed claim (CAEP 1.0 §3.2).", nameof(claims));
        return Build(SecurityEventTypes.TokenClaimsChange, subject, cause, json =>
        {
            json.WriteStartObject("claims");
            foreach (var (name, value) in claims.OrderBy(c => c.Key, StringComparer.Ordinal))
                json.WriteString(name, value);
            json.WriteEndObject();
        });
    }

    /// <summary>CAEP §3.3: an X.509 credential was created, revoked, updated or deleted.</summary>
    public static SecurityEvent CredentialChange(
        SubjectIdentifier subject, string changeType, string? x509Issuer, string? x509Serial, EventCause cause)
    {
        if (changeType is not ("create" or "revoke" or "update" or "delete"))
            throw new ArgumentException($"change_type '{changeType}' is not one of create, revoke, update, delete (CAEP 1.0 §3.3).", nameof(changeType));
        return Build(SecurityEventTypes.CredentialChange, subject, cause, json =>
        {
            json.WriteString("credential_type", "x509");
            json.WriteString("change_type", changeType);
            if (x509Issuer is not null)
                json.WriteString("x509_issuer", x509Issuer);
            if (x509Serial is not null)
                json.WriteString("x509_serial", x509Serial);
        });
    }

    /// <summary>CAEP §3.4: the assurance of the subject's identity changed (for agents: its attestation).</summary>
    public static SecurityEvent AssuranceLevelChange(
        SubjectIdentifier subject, string levelNamespace, string currentLevel, string? previousLevel, bool? increased, EventCause cause)
    {
        ArgumentException.ThrowIfNullOrEmpty(levelNamespace);
        ArgumentException.ThrowIfNullOrEmpty(currentLevel);
        return Build(SecurityEventTypes.AssuranceLevelChange, subject, cause, json =>
        {
            json.WriteString("namespace", levelNamespace);
            json.WriteString("current_level", currentLevel);
            if (previousLevel is not null)
                json.WriteString("previous_level", previousLevel);
            if (increased is { } up)
                json.WriteString("change_direction", up ? "increase" : "decrease");
        });
    }

    /// <summary>CAEP §3.8: the risk level of a principal changed.</summary>
    public static SecurityEvent RiskLevelChange(
        SubjectIdentifier subject, string principal, RiskLevel current, RiskLevel? previous, string? riskReason, EventCause cause)
    {
        ArgumentException.ThrowIfNullOrEmpty(principal);
        return Build(SecurityEventTypes.RiskLevelChange, subject, cause, json =>
        {
            json.WriteString("principal", principal);
            json.WriteString("current_level", current.ToString().ToUpperInvariant());
            if (previous is { } before)
                json.WriteString("previous_level", before.ToString().ToUpperInvariant());
            if (riskReason is not null)
                json.WriteString("risk_reason", riskReason);
        });
    }

    /// <summary>RISC §2.7: a credential of the subject is known or suspected to be compromised.</summary>
    public static SecurityEvent CredentialCompromise(SubjectIdentifier subject, string credentialType, EventCause cause)
    {
        ArgumentException.ThrowIfNullOrEmpty(credentialType);
        return Build(SecurityEventTypes.CredentialCompromise, subject, cause, json => json.WriteString("credential_type", credentialType));
    }

    /// <summary>RISC §2.3: the account (agent) was disabled; <paramref name="reason"/> is <c>hijacking</c>, <c>bulk-account</c> or null.</summary>
    public static SecurityEvent AccountDisabled(SubjectIdentifier subject, string? reason, EventCause cause)
    {
        if (reason is not (null or "hijacking" or "bulk-account"))
            throw new ArgumentException($"reason '{reason}' is not hijacking or bulk-account (RISC 1.0 §2.3).", nameof(reason));
        return Build(SecurityEventTypes.AccountDisabled, subject, cause, json =>
        {
            if (reason is not null)
                json.WriteString("reason", reason);
        });
    }

    /// <summary>RISC §2.4.</summary>
    public static SecurityEvent AccountEnabled(SubjectIdentifier subject, EventCause cause) =>
        Build(SecurityEventTypes.AccountEnabled, subject, cause, _ => { });

    /// <summary>RISC §2.2: the account (agent) is permanently gone.</summary>
    public static SecurityEvent AccountPurged(SubjectIdentifier subject, EventCause cause) =>
        Build(SecurityEventTypes.AccountPurged, subject, cause, _ => { });

    /// <summary>
    /// RISC §2.5: the subject's identifier changed; the subject is the old value and <c>new-value</c> the new one.
    /// RISC names email and phone subjects; an agent has neither, its identifier is its SPIFFE ID (RFC 9493 <c>uri</c>).
    /// </summary>
    public static SecurityEvent IdentifierChanged(SubjectIdentifier oldSubject, string newValue, EventCause cause)
    {
        ArgumentException.ThrowIfNullOrEmpty(newValue);
        return Build(SecurityEventTypes.IdentifierChanged, oldSubject, cause, json => json.WriteString("new-value", newValue));
    }

    /// <summary>SSF 1.0 §8.1.4.1: <c>sub_id</c> is the stream itself, <paramref name="state"/> echoes the receiver's.</summary>
    public static SecurityEvent Verification(string streamId, string? state, string txn, DateTimeOffset now) =>
        new(SecurityEventTypes.Verification, SubjectIdentifier.ForOpaque(streamId), Json(json =>
        {
            if (state is not null)
                json.WriteString("state", state);
        }), txn, now);

    /// <summary>SSF 1.0 §8.1.5: the stream's status changed.</summary>
    public static SecurityEvent StreamUpdated(string streamId, string status, string? reason, string txn, DateTimeOffset now) =>
        new(SecurityEventTypes.StreamUpdated, SubjectIdentifier.ForOpaque(streamId), Json(json =>
        {
            json.WriteString("status", status);
            if (reason is not null)
                json.WriteString("reason", reason);
        }), txn, now);

    private static SecurityEvent Build(string type, SubjectIdentifier subject, EventCause cause, Action<Utf8JsonWriter> members)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(cause);
        ArgumentException.ThrowIfNullOrEmpty(cause.ReasonAdmin);
        var payload = Json(json =>
        {
            members(json);
            json.WriteNumber("event_timestamp", cause.OccurredAt.ToUnixTimeSeconds());
            json.WriteString("initiating_entity", cause.Initiator.ToString().ToLowerInvariant());
            json.WriteStartObject("reason_admin");
            json.WriteString("en", cause.ReasonAdmin);
            json.WriteEndObject();
        });
        return new SecurityEvent(type, subject, payload, cause.Txn, cause.OccurredAt);
    }

    private static string Json(Action<Utf8JsonWriter> members)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            members(json);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
