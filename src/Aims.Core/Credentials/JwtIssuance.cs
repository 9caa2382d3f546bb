using Aims.Core.Authority;

namespace Aims.Core.Credentials;

/// <summary>Rules shared by the JWT-SVID and WIT issuers.</summary>
internal static class JwtIssuance
{
    /// <summary>
    /// <c>iat</c> and <c>exp</c> in NumericDate seconds (RFC 7519 §2): the credential never outlives the key that
    /// signs it.
    /// </summary>
    public static (long IssuedAt, long ExpiresAt) Lifetime(SigningCredential key, DateTimeOffset now, TimeSpan ttl)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ttl, TimeSpan.Zero);
        if (key.NotAfter <= now)
            throw new ArgumentException($"Signing key '{key.Kid}' expired at {key.NotAfter:O}; rotate before issuing.", nameof(key));

        var expiry = ttl < key.NotAfter - now ? now + ttl : key.NotAfter;
        var issuedAt = now.ToUnixTimeSeconds();
        var expiresAt = expiry.ToUnixTimeSeconds();
        if (expiresAt <= issuedAt)
            throw new ArgumentException($"The lifetime ends within the second it starts (ttl {ttl}, key '{key.Kid}' until {key.NotAfter:O}).", nameof(ttl));

        return (issuedAt, expiresAt);
    }
}
