using System.Text;
using System.Text.Json;
using Aims.Core.Jose;

namespace Aims.ResourceServer.Tests.Testing;

/// <summary>Hand-made JWTs, for what no issuer would mint: unsigned, HMAC-signed, or with a changed header.</summary>
internal static class Jwt
{
    public static string Header(string token) => Encoding.UTF8.GetString(Base64Url.Decode(token.Split('.')[0]));

    public static JsonElement Payload(string token) => JsonDocument.Parse(Base64Url.Decode(token.Split('.')[1])).RootElement.Clone();

    /// <summary>The token's payload under a new header, with an HS256 signature keyed by <paramref name="secret"/> or none at all.</summary>
    public static string Resign(string token, string headerJson, byte[]? secret)
    {
        var input = Base64Url.Encode(Encoding.UTF8.GetBytes(headerJson)) + "." + token.Split('.')[1];
        var signature = secret is null ? string.Empty : Base64Url.Encode(System.Security.Cryptography.HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes(input)));
        return input + "." + signature;
    }

    /// <summary>Flips one bit of the signature, keeping the encoding valid.</summary>
    public static string Tamper(string token)
    {
        var dot = token.LastIndexOf('.') + 1;
        var signature = Base64Url.Decode(token.AsSpan(dot));
        signature[5] ^= 0x01;
        return token[..dot] + Base64Url.Encode(signature);
    }
}
