using System.Security.Cryptography;
using System.Text;

namespace Aims.Api.Security;

/// <summary>The operator token, held only as its SHA-256 and compared in constant time.</summary>
public sealed class OperatorToken
{
    private readonly byte[] _digest;

    public OperatorToken(string token)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length < 32)
            throw new ArgumentException("The operator token must be at least 32 characters.", nameof(token));
        _digest = SHA256.HashData(Encoding.UTF8.GetBytes(token));
    }

    public bool Matches(string presented) =>
        CryptographicOperations.FixedTimeEquals(_digest, SHA256.HashData(Encoding.UTF8.GetBytes(presented)));

    public static string Generate() => Core.Jose.Base64Url.Encode(RandomNumberGenerator.GetBytes(32));
}
