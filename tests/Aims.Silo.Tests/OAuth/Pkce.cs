using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Aims.Silo.Tests.OAuth;

/// <summary>An RFC 7636 code verifier and its S256 challenge, as a client makes them for one authorization request.</summary>
internal sealed record Pkce(string Verifier, string Challenge)
{
    public const string Method = "S256";

    /// <summary>§4.1: 32 random octets, base64url (43 characters); §4.2: BASE64URL(SHA256(ASCII(verifier))).</summary>
    public static Pkce Create()
    {
        var verifier = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        return new Pkce(verifier, Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
    }

    /// <summary>A random <c>state</c> (RFC 6749 §10.12), so a test can tell its own authorization response from any other.</summary>
    public static string NewState() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));
}
