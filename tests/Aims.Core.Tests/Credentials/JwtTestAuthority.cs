using System.Security.Cryptography;
using System.Text;
using Aims.Core.Authority;
using Aims.Core.Credentials;
using Aims.Core.Identity;
using Aims.Core.Jose;

namespace Aims.Core.Tests.Credentials;

/// <summary>A trust domain with one P-256 JWT authority, and a way to hand-craft tokens it signs.</summary>
internal sealed class JwtTestAuthority : IDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 7, 1, 12, 0, 0, TimeSpan.Zero);

    public JwtTestAuthority(string kid = "key-1")
    {
        Key = new SigningCredential(kid, ECDsa.Create(ECCurve.NamedCurves.nistP256), Now.AddDays(1));
        Bundle = new JwtBundle(TrustDomain, new Dictionary<string, ECDsa> { [kid] = Key.PrivateKey });
    }

    public TrustDomain TrustDomain { get; } = TrustDomain.Parse("example.org");

    public SpiffeId Agent => TrustDomain.NewId("/agents/data-analyst");

    public SigningCredential Key { get; }

    public JwtBundle Bundle { get; }

    public static long NowSeconds => Now.ToUnixTimeSeconds();

    /// <summary>BASE64URL(header).BASE64URL(payload).BASE64URL(ES signature over both) with the raw JSON given.</summary>
    public string Sign(string headerJson, string payloadJson, ECDsa? key = null)
    {
        var input = Encode(headerJson) + "." + Encode(payloadJson);
        var signature = (key ?? Key.PrivateKey).SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256,
            DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return input + "." + Base64Url.Encode(signature);
    }

    public static string HmacSign(string headerJson, string payloadJson, byte[] secret)
    {
        var input = Encode(headerJson) + "." + Encode(payloadJson);
        return input + "." + Base64Url.Encode(HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes(input)));
    }

    /// <summary>Flips one bit of the signature, keeping the encoding valid.</summary>
    public static string TamperSignature(string token)
    {
        var dot = token.LastIndexOf('.') + 1;
        var signature = Base64Url.Decode(token.AsSpan(dot));
        signature[10] ^= 0x01;
        return token[..dot] + Base64Url.Encode(signature);
    }

    public static string Encode(string json) => Base64Url.Encode(Encoding.UTF8.GetBytes(json));

    public static string DecodePart(string token, int part) => Encoding.UTF8.GetString(Base64Url.Decode(token.Split('.')[part]));

    public void Dispose() => Key.Dispose();
}
