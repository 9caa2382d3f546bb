using System.Security.Cryptography;
using System.Text;
using Aims.Core.Jose;

namespace Aims.Core.Wimse;

/// <summary>
/// The hash a WPT carries for each token of its request (draft-ietf-wimse-wpt §2, RFC 9449 §4.1):
/// base64url, without padding, of the SHA-256 of the token's ASCII characters.
/// </summary>
public static class TokenHash
{
    /// <summary>Length of a base64url SHA-256 digest without padding.</summary>
    public const int Length = 43;

    public static string Of(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        Compute(token, digest);
        return Base64Url.Encode(digest);
    }

    /// <summary>True when <paramref name="hash"/> is <see cref="Of"/> <paramref name="token"/>, compared in fixed time.</summary>
    public static bool Matches(string? hash, string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (hash is null || hash.Length != Length)
            return false;

        Span<byte> expected = stackalloc byte[SHA256.HashSizeInBytes];
        Span<byte> actual = stackalloc byte[SHA256.HashSizeInBytes];
        if (!System.Buffers.Text.Base64Url.TryDecodeFromChars(hash, expected, out var written) || written != expected.Length)
            return false;

        Compute(token, actual);
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }

    /// <summary>
    /// Tokens are ASCII by their ABNF; a non-ASCII one is hashed as UTF-8 (identical for ASCII), so no two different
    /// header values can share a hash the way a lossy ASCII encoding would make them.
    /// </summary>
    private static void Compute(string token, Span<byte> digest)
    {
        var length = Encoding.UTF8.GetMaxByteCount(token.Length);
        var rented = length <= 4096 ? null : System.Buffers.ArrayPool<byte>.Shared.Rent(length);
        try
        {
            Span<byte> bytes = rented ?? stackalloc byte[length];
            var written = Encoding.UTF8.GetBytes(token, bytes);
            SHA256.HashData(bytes[..written], digest);
        }
        finally
        {
            if (rented is not null)
                System.Buffers.ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
