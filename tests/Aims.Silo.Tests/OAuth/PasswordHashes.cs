using System.Globalization;
using System.Security.Cryptography;

namespace Aims.Silo.Tests.OAuth;

/// <summary>Password hashes in the format the user store is configured with (<c>Aims:OAuth:Users:N:PasswordHash</c>).</summary>
internal static class PasswordHashes
{
    /// <summary>The least the silo accepts; a hash is checked once per login, so this costs a test little.</summary>
    public const int MinimumIterations = 100_000;

    /// <summary><c>pbkdf2-sha256$&lt;iterations&gt;$&lt;base64 salt&gt;$&lt;base64 32-byte key&gt;</c> (PBKDF2-HMAC-SHA256, RFC 8018 §5.2).</summary>
    public static string Pbkdf2Sha256(string password, int iterations = MinimumIterations)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var key = Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA256, 32);
        return string.Create(CultureInfo.InvariantCulture, $"pbkdf2-sha256${iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(key)}");
    }
}
