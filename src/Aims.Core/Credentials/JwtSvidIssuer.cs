using Aims.Core.Authority;
using Aims.Core.Identity;
using Aims.Core.Jose;

namespace Aims.Core.Credentials;

/// <summary>
/// Mints JWT-SVIDs (SPIFFE JWT-SVID §2, §3). Not thread-safe: it reuses its buffers, so keep one per
/// signing credential or per grain activation.
/// </summary>
public sealed class JwtSvidIssuer
{
    private readonly CompactJwsWriter _writer = new();
    private readonly JwtIdGenerator _jwtIds = new();

    /// <exception cref="ArgumentException">
    /// <paramref name="ttl"/> is not positive, the key has expired, or <paramref name="audience"/> is empty.
    /// </exception>
    public JwtSvid Mint(SigningCredential key, SpiffeId subject, IReadOnlyList<string> audience, DateTimeOffset now, TimeSpan ttl)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(audience);

        // JWT-SVID §3: aud MUST contain one or more values.
        if (audience.Count == 0)
            throw new ArgumentException("A JWT-SVID needs at least one audience (JWT-SVID §3).", nameof(audience));

        var audiences = new string[audience.Count];
        for (var i = 0; i < audiences.Length; i++)
        {
            audiences[i] = audience[i];
            if (string.IsNullOrEmpty(audiences[i]))
                throw new ArgumentException("Audience values must be non-empty strings.", nameof(audience));
        }

        var (issuedAt, expiresAt) = JwtIssuance.Lifetime(key, now, ttl);
        var jti = _jwtIds.Next();

        var json = _writer.BeginPayload();
        json.WriteString(JwtClaimNames.Subject, subject.ToString());

        // A single audience is written as a string, as JWT-SVID.schema types it (RFC 7519 §4.1.3 allows both).
        if (audiences.Length == 1)
        {
            json.WriteString(JwtClaimNames.Audience, audiences[0]);
        }
        else
        {
            json.WriteStartArray(JwtClaimNames.Audience);
            foreach (var value in audiences)
                json.WriteStringValue(value);
            json.WriteEndArray();
        }

        json.WriteNumber(JwtClaimNames.ExpiresAt, expiresAt);
        json.WriteNumber(JwtClaimNames.IssuedAt, issuedAt);
        json.WriteString(JwtClaimNames.JwtId, jti);
        var token = _writer.Complete(key.PrivateKey, key.Algorithm, key.Kid, JwtTypes.Jwt);

        return new JwtSvid(subject, audiences, DateTimeOffset.FromUnixTimeSeconds(issuedAt),
            DateTimeOffset.FromUnixTimeSeconds(expiresAt), key.Kid, jti, token);
    }
}
