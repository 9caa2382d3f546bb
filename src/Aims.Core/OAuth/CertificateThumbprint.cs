using System.Security.Cryptography;
using Aims.Core.Jose;

namespace Aims.Core.OAuth;

/// <summary>The certificate thumbprint that binds an access token to a client's mTLS certificate (RFC 8705 §3.1).</summary>
public static class CertificateThumbprint
{
    /// <summary>Length of a base64url SHA-256 digest without padding.</summary>
    public const int X5tS256Length = 43;

    /// <summary>
    /// <c>x5t#S256</c>: base64url of the SHA-256 digest of the DER certificate (RFC 8705 §3.1). The input is the
    /// whole certificate, as presented in the TLS handshake, not its public key.
    /// </summary>
    public static string X5tS256(ReadOnlySpan<byte> certificateDer)
    {
        if (certificateDer.IsEmpty)
            throw new ArgumentException("The certificate is empty.", nameof(certificateDer));

        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(certificateDer, digest);
        return Base64Url.Encode(digest);
    }

    /// <summary>True when <paramref name="x5tS256"/> is the thumbprint of <paramref name="certificateDer"/>, compared in fixed time.</summary>
    public static bool Matches(string? x5tS256, ReadOnlySpan<byte> certificateDer)
    {
        if (!IsWellFormed(x5tS256) || certificateDer.IsEmpty)
            return false;

        Span<byte> expected = stackalloc byte[SHA256.HashSizeInBytes];
        Span<byte> actual = stackalloc byte[SHA256.HashSizeInBytes];
        if (!System.Buffers.Text.Base64Url.TryDecodeFromChars(x5tS256, expected, out var written) || written != expected.Length)
            return false;

        SHA256.HashData(certificateDer, actual);
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }

    /// <summary>43 base64url characters whose last one encodes no stray bits: exactly what <see cref="X5tS256"/> writes.</summary>
    public static bool IsWellFormed([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? x5tS256)
    {
        if (x5tS256 is null || x5tS256.Length != X5tS256Length)
            return false;
        foreach (var c in x5tS256)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '-' and not '_')
                return false;
        }

        // 43 characters carry 258 bits for 256: the last character's low two bits must be zero (RFC 4648 §3.5).
        return "AEIMQUYcgkosw048".Contains(x5tS256[^1], StringComparison.Ordinal);
    }
}
