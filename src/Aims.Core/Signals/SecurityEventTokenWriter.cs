using Aims.Core.Authority;
using Aims.Core.Credentials;
using Aims.Core.Jose;

namespace Aims.Core.Signals;

/// <summary>
/// Writes SETs per the SSF 1.0 profile (§4.1): header <c>typ: secevent+jwt</c>; claims <c>iss</c>, <c>iat</c>,
/// <c>jti</c>, <c>aud</c>, <c>txn</c>, the top-level <c>sub_id</c> and exactly one event; never <c>sub</c> or
/// <c>exp</c>. Not thread-safe: it reuses its buffers.
/// </summary>
public sealed class SecurityEventTokenWriter
{
    private readonly CompactJwsWriter _writer = new();

    /// <exception cref="ArgumentException">An empty issuer, jti or audience.</exception>
    public string Write(SecurityEvent securityEvent, string issuer, IReadOnlyList<string> audience, string jti, DateTimeOffset issuedAt, SigningCredential key)
    {
        ArgumentNullException.ThrowIfNull(securityEvent);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrEmpty(issuer);
        ArgumentException.ThrowIfNullOrEmpty(jti);
        ArgumentNullException.ThrowIfNull(audience);
        if (audience.Count == 0 || audience.Any(string.IsNullOrEmpty))
            throw new ArgumentException("A SET for a stream names its receiver in aud (SSF 1.0 §4.1.4).", nameof(audience));

        var json = _writer.BeginPayload();
        json.WriteString(JwtClaimNames.Issuer, issuer);
        json.WriteNumber(JwtClaimNames.IssuedAt, issuedAt.ToUnixTimeSeconds());
        json.WriteString(JwtClaimNames.JwtId, jti);
        AudienceClaim.Write(json, audience);
        json.WriteString(SecurityEventClaims.Txn, securityEvent.Txn);
        json.WritePropertyName(SecurityEventClaims.SubjectId);
        securityEvent.Subject.WriteTo(json);
        json.WriteStartObject(SecurityEventClaims.Events);
        json.WritePropertyName(securityEvent.Type);
        json.WriteRawValue(securityEvent.PayloadJson);
        json.WriteEndObject();
        return _writer.Complete(key.PrivateKey, key.Algorithm, key.Kid, SecurityEventClaims.JwtType);
    }
}
