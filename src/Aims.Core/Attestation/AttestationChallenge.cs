using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Aims.Core.Jose;

namespace Aims.Core.Attestation;

/// <summary>
/// What a nonce of <c>POST /v1/attest/challenge</c> is: 32 bytes from the OS CSPRNG, base64url, single-use and
/// short-lived. A TPM quote carries it as qualifying data (TPM 2.0 Part 3 §18.4 <c>qualifyingData</c>), which proves
/// the quote was made after the fabric asked.
/// </summary>
public static class AttestationChallenge
{
    public const int NonceBytes = 32;

    public static readonly TimeSpan DefaultTtl = TimeSpan.FromMinutes(2);
    public static readonly TimeSpan MinTtl = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan MaxTtl = TimeSpan.FromMinutes(10);

    public static byte[] NewNonce() => RandomNumberGenerator.GetBytes(NonceBytes);

    /// <summary>Reads a nonce as the challenge endpoint wrote it: base64url of exactly <see cref="NonceBytes"/> bytes.</summary>
    public static bool TryDecode(string? text, [NotNullWhen(true)] out byte[]? nonce, [NotNullWhen(false)] out string? error)
    {
        nonce = null;
        if (string.IsNullOrEmpty(text) || text.Length > 64 || !Base64Url.TryDecode(text, out var bytes) || bytes.Length != NonceBytes)
        {
            error = $"the nonce must be the base64url string of {NonceBytes} bytes returned by POST /v1/attest/challenge";
            return false;
        }

        nonce = bytes;
        error = null;
        return true;
    }

    /// <summary>Null when <paramref name="ttl"/> is a sensible lifetime for a challenge, else what to fix.</summary>
    public static string? CheckTtl(TimeSpan ttl) =>
        ttl < MinTtl || ttl > MaxTtl
            ? $"a challenge lifetime must be between {(int)MinTtl.TotalSeconds} and {(int)MaxTtl.TotalSeconds} seconds"
            : null;
}
