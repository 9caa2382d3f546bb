using System.Security.Cryptography;
using System.Text;
using Aims.Core.Jose;

namespace Aims.Core.OAuth;

/// <summary>
/// Proof Key for Code Exchange (RFC 7636), S256 only: "plain" would put the verifier itself in the browser's
/// address bar, and RFC 7636 §4.2 lets a server support only the transformation it chooses.
/// </summary>
public static class Pkce
{
    /// <summary>RFC 7636 §4.1: code-verifier = 43*128unreserved.</summary>
    public const int MinVerifierLength = 43;

    public const int MaxVerifierLength = 128;

    /// <summary>BASE64URL-ENCODE of a SHA-256 digest, without padding.</summary>
    public const int S256ChallengeLength = 43;

    /// <summary>RFC 7636 §4.1: only [A-Z] / [a-z] / [0-9] / "-" / "." / "_" / "~", 43 to 128 of them.</summary>
    public static bool IsValidVerifier(string? verifier) =>
        verifier is { Length: >= MinVerifierLength and <= MaxVerifierLength } && verifier.All(IsUnreserved);

    /// <summary>An S256 challenge is exactly the base64url form of 32 bytes (RFC 7636 §4.2).</summary>
    public static bool IsValidS256Challenge(string? challenge) =>
        challenge is { Length: S256ChallengeLength } && Base64Url.TryDecode(challenge, out var digest) && digest.Length == SHA256.HashSizeInBytes;

    /// <summary>RFC 7636 §4.2: code_challenge = BASE64URL-ENCODE(SHA256(ASCII(code_verifier))).</summary>
    /// <exception cref="ArgumentException">The verifier breaks RFC 7636 §4.1.</exception>
    public static string S256Challenge(string verifier)
    {
        if (!IsValidVerifier(verifier))
            throw new ArgumentException("A code_verifier is 43 to 128 unreserved characters (RFC 7636 §4.1).", nameof(verifier));
        return Base64Url.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
    }

    /// <summary>
    /// RFC 7636 §4.6: true when the verifier is well formed and its S256 transformation equals the challenge the
    /// code was issued with; the comparison takes the same time wherever the two differ.
    /// </summary>
    public static bool Verify(string? verifier, string challenge)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        if (!IsValidVerifier(verifier))
            return false;

        var computed = Encoding.ASCII.GetBytes(S256Challenge(verifier!));
        return CryptographicOperations.FixedTimeEquals(computed, Encoding.ASCII.GetBytes(challenge));
    }

    private static bool IsUnreserved(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~';
}
