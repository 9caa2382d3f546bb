using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Aims.Core.Jose;
using Aims.Core.OAuth;
using Aims.Core.Tests.Credentials;

namespace Aims.Core.Tests.OAuth;

/// <summary>
/// An outside authorization server with one key of each accepted kind (EC P-256 "ec256", EC P-384 "ec384", RSA 2048
/// "rsa"), its JWK Set, and a way to sign hand-made assertions with any of them.
/// </summary>
internal sealed class PartnerIssuer : IDisposable
{
    public const string Issuer = "https://as.partner.example";
    public const string TrustDomain = "partner.example";
    public const string Subject = "spiffe://partner.example/agents/planner";

    public PartnerIssuer()
    {
        var jwks = new JsonObject
        {
            ["keys"] = new JsonArray(
                EcJwk(Ec256, "ec256"),
                EcJwk(Ec384, "ec384"),
                RsaJwk(Rsa, "rsa")),
        };
        JwksJson = jwks.ToJsonString();
        Assert.True(VerificationKeySet.TryParse(JwksJson, out var keys, out var error), error);
        Keys = keys;
        Assert.True(TrustedIssuer.TryCreate(Issuer, JwksJson, null, "partner-grants", [TrustDomain], out var trusted, out error), error);
        Trusted = trusted;
    }

    public ECDsa Ec256 { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public ECDsa Ec384 { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP384);

    public RSA Rsa { get; } = RSA.Create(2048);

    public string JwksJson { get; }

    public VerificationKeySet Keys { get; }

    public TrustedIssuer Trusted { get; }

    public static JsonObject EcJwk(ECDsa key, string kid)
    {
        var jwk = JsonWebKey.FromECDsa(key, kid);
        return new JsonObject { ["kty"] = "EC", ["crv"] = jwk.Crv, ["x"] = jwk.X, ["y"] = jwk.Y, ["kid"] = kid, ["use"] = "sig" };
    }

    public static JsonObject RsaJwk(RSA key, string kid)
    {
        var p = key.ExportParameters(includePrivateParameters: false);
        return new JsonObject { ["kty"] = "RSA", ["n"] = Base64Url.Encode(p.Modulus!), ["e"] = Base64Url.Encode(p.Exponent!), ["kid"] = kid };
    }

    /// <summary>BASE64URL(header).BASE64URL(payload).signature, signed as <paramref name="alg"/> says with the matching key.</summary>
    public string Sign(string headerJson, string payloadJson, string alg = "ES256")
    {
        var input = JwtTestAuthority.Encode(headerJson) + "." + JwtTestAuthority.Encode(payloadJson);
        var data = Encoding.ASCII.GetBytes(input);
        var signature = alg switch
        {
            "ES256" => Ec256.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation),
            "ES384" => Ec384.SignData(data, HashAlgorithmName.SHA384, DSASignatureFormat.IeeeP1363FixedFieldConcatenation),
            "RS256" => Rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
            "PS256" => Rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pss),
            _ => throw new ArgumentOutOfRangeException(nameof(alg), alg, "no key for this alg"),
        };
        return input + "." + Base64Url.Encode(signature);
    }

    public void Dispose()
    {
        Ec256.Dispose();
        Ec384.Dispose();
        Rsa.Dispose();
    }
}
