using System.Security.Cryptography;

namespace Aims.Core.Authority;

/// <summary>
/// An active JWT or WIT signing key of the trust-domain authority, decrypted for use. Not thread-safe: each
/// issuer holds its own instance. <see cref="NotAfter"/> bounds every credential it signs.
/// </summary>
public sealed class SigningCredential(string kid, ECDsa privateKey, DateTimeOffset notAfter) : IDisposable
{
    public string Kid { get; } = kid;

    public ECDsa PrivateKey { get; } = privateKey;

    public DateTimeOffset NotAfter { get; } = notAfter;

    /// <summary>ES256 for P-256, ES384 for P-384 (RFC 7518 §3.4).</summary>
    public string Algorithm { get; } = privateKey.KeySize switch
    {
        256 => "ES256",
        384 => "ES384",
        521 => "ES512",
        var size => throw new NotSupportedException($"EC key size {size} is not supported."),
    };

    public void Dispose() => PrivateKey.Dispose();
}
