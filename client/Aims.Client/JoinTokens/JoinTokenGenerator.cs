using System.Security.Cryptography;
using Aims.Core.Jose;

namespace Aims.Client.JoinTokens;

/// <summary>Makes join token values: 32 bytes from the OS CSPRNG, base64url without padding (43 characters).</summary>
public static class JoinTokenGenerator
{
    public const int TokenBytes = 32;

    public static string NewToken() => Base64Url.Encode(RandomNumberGenerator.GetBytes(TokenBytes));
}
