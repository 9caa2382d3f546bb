using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;

namespace Aims.Api.Tests.Testing;

/// <summary>
/// An outside SSF transmitter (an EDR) whose SETs the silo accepts at <c>/ssf/receive</c>: its JWK Set inline with a
/// P-256 key and an RSA key (the CAEP interoperability profile signs with RS256), generated once per test run. The
/// tests hold the private keys and sign SETs as the EDR would.
/// </summary>
public static class OutsideTransmitter
{
    public const string Issuer = "https://edr.example.test";
    public const string Audience = "http://localhost";
    public const string EcKid = "edr-es256";
    public const string RsaKid = "edr-rs256";
    public const string ReducedScope = "read:reports";

    /// <summary>The SSF transmitter of the partner trust domain's fabric; it signs with <see cref="PartnerAuthority.EcKey"/>.</summary>
    public const string PartnerIssuer = "https://fabric.partner.example";

    public static ECDsa EcKey { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public static RSA RsaKey { get; } = RSA.Create(2048);

    public static void Configure(IWebHostBuilder builder)
    {
        const string First = "Aims:Signals:Transmitters:0:";
        builder.UseSetting(First + "Issuer", Issuer);
        builder.UseSetting(First + "Jwks", PartnerAuthority.Jwks(PartnerAuthority.EcJwk(EcKey, EcKid), PartnerAuthority.RsaJwk(RsaKey, RsaKid)));
        builder.UseSetting(First + "ReducedScope", ReducedScope);

        // The partner trust domain's own fabric: its SETs speak for its agents only (identity chaining).
        const string Second = "Aims:Signals:Transmitters:1:";
        builder.UseSetting(Second + "Issuer", PartnerIssuer);
        builder.UseSetting(Second + "Jwks", PartnerAuthority.Jwks(PartnerAuthority.EcJwk(PartnerAuthority.EcKey, PartnerAuthority.EcKid)));
        builder.UseSetting(Second + "TrustDomains:0", PartnerAuthority.TrustDomain);
    }

    /// <summary>A SET with the given claims (raw JSON members) signed ES256 by the EC key, or by <paramref name="ecKey"/>.</summary>
    public static string SignEs256(JsonObject claims, string kid = EcKid, ECDsa? ecKey = null, string typ = "secevent+jwt")
    {
        var input = Encode(new JsonObject { ["alg"] = "ES256", ["kid"] = kid, ["typ"] = typ }) + "." + Encode(claims);
        var signature = (ecKey ?? EcKey).SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return input + "." + AgentKey.Base64Url(signature);
    }

    public static string SignRs256(JsonObject claims)
    {
        var input = Encode(new JsonObject { ["alg"] = "RS256", ["kid"] = RsaKid, ["typ"] = "secevent+jwt" }) + "." + Encode(claims);
        var signature = RsaKey.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return input + "." + AgentKey.Base64Url(signature);
    }

    /// <summary>An HMAC "signature" with a secret anyone could guess: must never be accepted for a SET.</summary>
    public static string SignHs256(JsonObject claims)
    {
        var input = Encode(new JsonObject { ["alg"] = "HS256", ["kid"] = EcKid, ["typ"] = "secevent+jwt" }) + "." + Encode(claims);
        return input + "." + AgentKey.Base64Url(HMACSHA256.HashData(new byte[32], Encoding.ASCII.GetBytes(input)));
    }

    /// <summary>The claims of a one-event SET about <paramref name="subject"/> (a SPIFFE ID) from this transmitter.</summary>
    public static JsonObject Claims(string eventType, string subject, JsonObject? payload = null, string? jti = null, string issuer = Issuer, string audience = Audience) => new()
    {
        ["iss"] = issuer,
        ["iat"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        ["jti"] = jti ?? Guid.NewGuid().ToString("N"),
        ["aud"] = audience,
        ["sub_id"] = new JsonObject { ["format"] = "uri", ["uri"] = subject },
        ["events"] = new JsonObject { [eventType] = payload ?? new JsonObject() },
    };

    private static string Encode(JsonObject json) => AgentKey.Base64Url(Encoding.UTF8.GetBytes(json.ToJsonString()));
}
