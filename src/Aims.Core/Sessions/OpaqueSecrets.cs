using System.Security.Cryptography;
using System.Text;
using Aims.Core.Jose;

namespace Aims.Core.Sessions;

/// <summary>
/// Random identifiers and secrets of the code flow, and the one way they are stored: a SHA-256, compared in
/// constant time. A stored hash cannot be replayed, so a copy of the grain storage yields no usable secret.
/// </summary>
public static class OpaqueSecrets
{
    /// <summary>128 random bits, base64url: session and flow ids (unguessable, but not secrets by themselves).</summary>
    public const int IdLength = 22;

    /// <summary>256 random bits, base64url: codes, refresh tokens and browser-binding secrets.</summary>
    public const int SecretLength = 43;

    public static string NewId() => Base64Url.Encode(RandomNumberGenerator.GetBytes(16));

    public static string NewSecret() => Base64Url.Encode(RandomNumberGenerator.GetBytes(32));

    /// <summary>base64url(SHA-256(UTF-8(value))): what is stored in place of a secret.</summary>
    public static string Hash(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Base64Url.Encode(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
    }

    /// <summary>Whether <paramref name="value"/> hashes to <paramref name="storedHash"/>, in time independent of where they differ.</summary>
    public static bool Matches(string? value, string? storedHash)
    {
        if (value is null || string.IsNullOrEmpty(storedHash))
            return false;
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(value)), Encoding.ASCII.GetBytes(storedHash));
    }

    /// <summary>A value made only of base64url characters, of exactly <paramref name="length"/>.</summary>
    public static bool IsOpaque(ReadOnlySpan<char> value, int length)
    {
        if (value.Length != length)
            return false;
        foreach (var c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '-' and not '_')
                return false;
        }

        return true;
    }
}
