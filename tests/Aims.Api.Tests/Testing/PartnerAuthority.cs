using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;

namespace Aims.Api.Tests.Testing;

/// <summary>
/// The authorization server of a partner trust domain whose JWT authorization grants (RFC 7523) the silo trusts:
/// <see cref="Issuer"/> with its keys inline (a P-256 and an RSA key generated once per test run), and
/// <see cref="FetchedIssuer"/> whose key the silo fetches from a <c>jwks_uri</c> on a loopback port a test serves.
/// The tests hold the private keys and sign assertions as that server would.
/// </summary>
public static class PartnerAuthority
{
    public const string Issuer = "https://as.partner.example";
    public const string FetchedIssuer = "https://as.fetched.partner.example";
    public const string TrustDomain = "partner.example";
    public const string Policy = "partner-grants";
    public const string EcKid = "partner-es256";
    public const string RsaKid = "partner-rs256";
    public const string FetchedKid = "fetched-es256";

    public static ECDsa EcKey { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public static RSA RsaKey { get; } = RSA.Create(2048);

    public static ECDsa FetchedKey { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public static string Agent(string name) => $"spiffe://{TrustDomain}/agents/{name}-{Guid.NewGuid():N}";

    /// <summary>The inline issuer may assert partner agents and agents of the silo's own trust domain; the fetched one partner agents only.</summary>
    public static void Configure(IWebHostBuilder builder, int jwksPort)
    {
        const string First = "Aims:OAuth:TrustedIssuers:0:";
        builder.UseSetting(First + "Issuer", Issuer);
        builder.UseSetting(First + "Jwks", Jwks(EcJwk(EcKey, EcKid), RsaJwk(RsaKey, RsaKid)));
        builder.UseSetting(First + "TrustDomains:0", TrustDomain);
        builder.UseSetting(First + "TrustDomains:1", AimsApiFixture.TrustDomain);
        builder.UseSetting(First + "Policy", Policy);

        const string Second = "Aims:OAuth:TrustedIssuers:1:";
        builder.UseSetting(Second + "Issuer", FetchedIssuer);
        builder.UseSetting(Second + "JwksUri", $"http://127.0.0.1:{jwksPort}/jwks");
        builder.UseSetting(Second + "TrustDomains:0", TrustDomain);
        builder.UseSetting(Second + "Policy", Policy);
    }

    public static string Jwks(params JsonObject[] keys) => new JsonObject { ["keys"] = new JsonArray(keys) }.ToJsonString();

    public static JsonObject EcJwk(ECDsa key, string kid)
    {
        var p = key.ExportParameters(includePrivateParameters: false);
        return new JsonObject { ["kty"] = "EC", ["crv"] = "P-256", ["x"] = AgentKey.Base64Url(p.Q.X!), ["y"] = AgentKey.Base64Url(p.Q.Y!), ["kid"] = kid, ["use"] = "sig" };
    }

    public static JsonObject RsaJwk(RSA key, string kid)
    {
        var p = key.ExportParameters(includePrivateParameters: false);
        return new JsonObject { ["kty"] = "RSA", ["n"] = AgentKey.Base64Url(p.Modulus!), ["e"] = AgentKey.Base64Url(p.Exponent!), ["kid"] = kid, ["alg"] = "RS256" };
    }

    /// <summary>The claims of a good assertion: iss, sub, aud, a two-minute lifetime, a fresh jti.</summary>
    public static JsonObject Claims(string sub, string aud, string issuer = Issuer)
    {
        var now = DateTimeOffset.UtcNow;
        return new JsonObject
        {
            ["iss"] = issuer,
            ["sub"] = sub,
            ["aud"] = aud,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = now.AddMinutes(2).ToUnixTimeSeconds(),
            ["jti"] = Guid.NewGuid().ToString("N"),
        };
    }

    /// <summary>Signs <paramref name="claims"/> as the partner would: ES256 with the inline EC key unless told otherwise.</summary>
    public static string Sign(JsonObject claims, string alg = "ES256", string? kid = EcKid, ECDsa? ecKey = null)
    {
        var header = new JsonObject { ["alg"] = alg, ["typ"] = "JWT" };
        if (kid is not null)
            header["kid"] = kid;
        var input = B64(header.ToJsonString()) + "." + B64(claims.ToJsonString());
        var data = Encoding.ASCII.GetBytes(input);
        var signature = alg switch
        {
            "ES256" => (ecKey ?? EcKey).SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation),
            "RS256" => RsaKey.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
            "PS256" => RsaKey.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pss),
            "HS256" => HMACSHA256.HashData(Encoding.UTF8.GetBytes(Jwks(EcJwk(EcKey, EcKid))), data),
            "none" => [],
            _ => throw new ArgumentOutOfRangeException(nameof(alg), alg, "no key for this alg"),
        };
        return input + "." + AgentKey.Base64Url(signature);
    }

    private static string B64(string json) => AgentKey.Base64Url(Encoding.UTF8.GetBytes(json));
}
