using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Aims.Core.Attestation;
using Aims.Core.Jose;
using Aims.Core.OAuth;
using Aims.Core.Tests.OAuth;

namespace Aims.Core.Tests.Attestation;

/// <summary>
/// An issuer of workload identity tokens (a Kubernetes API server, a cloud, a CI system) made with test keys: there is
/// no cluster or cloud here, so tokens of their shape are minted and signed as those issuers would (ES256 "ec", RS256 "rsa").
/// </summary>
internal sealed class TokenIssuerAuthority : IDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);

    public TokenIssuerAuthority(string issuer)
    {
        Issuer = issuer;
        var jwks = new JsonObject { ["keys"] = new JsonArray(PartnerIssuer.EcJwk(Ec, "ec"), PartnerIssuer.RsaJwk(Rsa, "rsa")) }.ToJsonString();
        Assert.True(VerificationKeySet.TryParse(jwks, out var keys, out var error), error);
        Keys = keys;
        Assert.True(TrustedIssuer.TryCreate(issuer, jwks, null, "attestation", ["aims.local"], out var trusted, out error), error);
        KeySource = trusted;
    }

    public string Issuer { get; }

    public ECDsa Ec { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public RSA Rsa { get; } = RSA.Create(2048);

    public VerificationKeySet Keys { get; }

    public TrustedIssuer KeySource { get; }

    public AttestationTokenIssuer Rules(string audience, bool singleUse = false, TimeSpan? maxAge = null)
    {
        Assert.True(AttestationTokenIssuer.TryCreate(KeySource, [audience], maxAge, singleUse, out var rules, out var error), error);
        return rules;
    }

    /// <summary>Standard claims for <see cref="Now"/>: iss, iat 1 minute ago, exp in 10 minutes, plus <paramref name="claims"/>.</summary>
    public JsonObject Claims(string audience, JsonObject claims)
    {
        claims["iss"] ??= Issuer;
        claims["aud"] ??= audience;
        claims["iat"] ??= Now.AddMinutes(-1).ToUnixTimeSeconds();
        claims["exp"] ??= Now.AddMinutes(10).ToUnixTimeSeconds();
        return claims;
    }

    public string Sign(JsonObject payload, string alg = "ES256", string? kid = null, JsonObject? header = null)
    {
        header ??= new JsonObject();
        header["alg"] ??= alg;
        if (!header.ContainsKey("kid"))
            header["kid"] = kid ?? (alg.StartsWith("RS", StringComparison.Ordinal) ? "rsa" : "ec");
        var input = Base64Url.Encode(Encoding.UTF8.GetBytes(header.ToJsonString())) + "." + Base64Url.Encode(Encoding.UTF8.GetBytes(payload.ToJsonString()));
        var data = Encoding.ASCII.GetBytes(input);
        var signature = alg switch
        {
            "ES256" => Ec.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation),
            "RS256" => Rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
            "HS256" => HMACSHA256.HashData(Encoding.ASCII.GetBytes(Issuer), data),
            "none" => [],
            _ => throw new ArgumentOutOfRangeException(nameof(alg), alg, "no key for this alg"),
        };
        return input + "." + Base64Url.Encode(signature);
    }

    public void Dispose()
    {
        Ec.Dispose();
        Rsa.Dispose();
    }
}
