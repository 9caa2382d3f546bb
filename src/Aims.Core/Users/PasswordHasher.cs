using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Aims.Core.Users;

/// <summary>
/// Password hashes of the configured user store: <c>pbkdf2-sha256$&lt;iterations&gt;$&lt;base64 salt&gt;$&lt;base64 key&gt;</c>,
/// PBKDF2-HMAC-SHA256 (RFC 8018 §5.2) with a 16-byte random salt and a 32-byte derived key. The form is the one
/// documented for <c>Aims:OAuth:Users</c>, so operators can produce it with any PBKDF2 tool.
/// </summary>
public static class PasswordHasher
{
    public const string Algorithm = "pbkdf2-sha256";

    /// <summary>The fewest iterations accepted, for hashing and for verifying (OWASP 2023 asks for 600 000).</summary>
    public const int MinimumIterations = 100_000;

    /// <summary>Above this a single sign-in would cost seconds; a hash asking for more is refused as malformed.</summary>
    public const int MaximumIterations = 10_000_000;

    public const int SaltBytes = 16;

    public const int KeyBytes = 32;

    /// <summary>Longer passwords are refused before any hashing, so a sign-in form cannot be used to burn CPU.</summary>
    public const int MaxPasswordLength = 1024;

    private const char Separator = '$';

    /// <exception cref="ArgumentOutOfRangeException">Fewer than <see cref="MinimumIterations"/> or more than <see cref="MaximumIterations"/>.</exception>
    /// <exception cref="ArgumentException">The password is empty or longer than <see cref="MaxPasswordLength"/>.</exception>
    public static string Hash(string password, int iterations)
    {
        ArgumentException.ThrowIfNullOrEmpty(password);
        if (password.Length > MaxPasswordLength)
            throw new ArgumentException($"A password has at most {MaxPasswordLength} characters.", nameof(password));
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, MinimumIterations);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(iterations, MaximumIterations);

        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var key = Derive(password, salt, iterations);
        return string.Join(Separator, Algorithm, iterations.ToString(CultureInfo.InvariantCulture), Convert.ToBase64String(salt), Convert.ToBase64String(key));
    }

    /// <summary>
    /// True when <paramref name="password"/> derives the stored key; the keys are compared in constant time. A
    /// malformed hash, or one with fewer than <see cref="MinimumIterations"/>, never verifies.
    /// </summary>
    public static bool Verify(string password, string encodedHash)
    {
        ArgumentNullException.ThrowIfNull(password);
        if (password.Length is 0 or > MaxPasswordLength || !TryParse(encodedHash, out var parsed, out _))
            return false;

        var key = Derive(password, parsed.Salt, parsed.Iterations);
        return CryptographicOperations.FixedTimeEquals(key, parsed.Key);
    }

    /// <summary>Checks the form of a stored hash, so a misconfigured user is reported when the store is loaded.</summary>
    public static bool IsWellFormed(string? encodedHash, out string? error) => TryParse(encodedHash, out _, out error);

    private static bool TryParse(string? encodedHash, out ParsedHash parsed, out string? error)
    {
        parsed = default;
        var parts = encodedHash?.Split(Separator) ?? [];
        if (parts.Length != 4 || parts[0] != Algorithm)
        {
            error = $"a password hash has the form {Algorithm}$<iterations>$<base64 salt>$<base64 {KeyBytes}-byte key>";
            return false;
        }

        if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations)
            || iterations < MinimumIterations || iterations > MaximumIterations)
        {
            error = $"the iteration count must be a number from {MinimumIterations} to {MaximumIterations}";
            return false;
        }

        var salt = FromBase64(parts[2]);
        var key = FromBase64(parts[3]);
        if (salt is not { Length: >= SaltBytes } || key is not { Length: KeyBytes })
        {
            error = $"the salt must be at least {SaltBytes} bytes and the key exactly {KeyBytes} bytes, both base64";
            return false;
        }

        parsed = new ParsedHash(iterations, salt, key);
        error = null;
        return true;
    }

    private static byte[] Derive(string password, byte[] salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, KeyBytes);

    private static byte[]? FromBase64(string text)
    {
        var buffer = new byte[(text.Length * 3 / 4) + 3];
        return Convert.TryFromBase64String(text, buffer, out var written) ? buffer[..written] : null;
    }

    private readonly record struct ParsedHash(int Iterations, byte[] Salt, byte[] Key);
}
