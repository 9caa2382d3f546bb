using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Aims.Core.Authority;
using Aims.Core.Credentials;
using Aims.Core.Identity;
using Aims.Core.Jose;
using Aims.Testing;
using Microsoft.AspNetCore.Hosting;

namespace Aims.Api.Tests.Testing;

/// <summary>
/// The SPIFFE side of the partner trust domain (<see cref="PartnerAuthority.TrustDomain"/>): its own X.509 CA and
/// JWT-SVID key, whose bundle the silo fetches through a federation relationship from the loopback
/// <see cref="PeerBundleEndpoint.Shared"/>. The tests hold the private keys and mint the partner's agents' SVIDs with
/// Core's issuer, as the partner fabric would. Also configures <see cref="StrictIssuer"/>, a trusted issuer of that
/// trust domain with <c>RequireClientAuthentication</c>, and knows a trust domain the silo does not federate with
/// (<see cref="StrangerTrustDomain"/>), with its own CA and key.
/// </summary>
public static class FederatedPartner
{
    /// <summary>Grants of this issuer are honoured only for an authenticated client; same key as <see cref="PartnerAuthority.Issuer"/>.</summary>
    public const string StrictIssuer = "https://as.strict.partner.example";

    public const string StrangerTrustDomain = "stranger.example";

    public const string JwtSvidKid = "partner-jwt-svid";

    private static readonly TrustDomain Domain = TrustDomain.Parse(PartnerAuthority.TrustDomain);

    public static SvidAuthority Partner { get; } = new(Domain);

    /// <summary>A CA and key of a trust domain the silo has no relationship with.</summary>
    public static SvidAuthority Stranger { get; } = new(TrustDomain.Parse(StrangerTrustDomain));

    /// <summary>Another CA that signs SVIDs claiming the partner trust domain, but is not in its bundle.</summary>
    public static SvidAuthority Impostor { get; } = new(Domain);

    public static void Configure(IWebHostBuilder builder)
    {
        builder.UseSetting("Aims:Federation:Relationships:0:TrustDomain", PartnerAuthority.TrustDomain);
        builder.UseSetting("Aims:Federation:Relationships:0:BundleEndpointUrl", PeerBundleEndpoint.Shared.Url);
        builder.UseSetting("Aims:Federation:Relationships:0:Profile", "https_web");

        const string Strict = "Aims:OAuth:TrustedIssuers:2:";
        builder.UseSetting(Strict + "Issuer", StrictIssuer);
        builder.UseSetting(Strict + "Jwks", PartnerAuthority.Jwks(PartnerAuthority.EcJwk(PartnerAuthority.EcKey, PartnerAuthority.EcKid)));
        builder.UseSetting(Strict + "TrustDomains:0", PartnerAuthority.TrustDomain);
        builder.UseSetting(Strict + "Policy", PartnerAuthority.Policy);
        builder.UseSetting(Strict + "RequireClientAuthentication", "true");
    }

    /// <summary>Serves the partner's bundle and has the silo refresh it now, so its federated bundle is the partner's.</summary>
    public static async Task EnsureBundleAsync(AimsApiFixture fixture)
    {
        PeerBundleEndpoint.Shared.Serve(Partner.BundleJson(sequence: 1));
        using var refresh = await fixture.Operator.PostAsync($"/v1/federation/{PartnerAuthority.TrustDomain}/refresh", null);
        var status = await Wire.AssertJsonAsync(refresh, HttpStatusCode.OK);
        Assert.Equal("current", status.GetProperty("state").GetString());
        Assert.Equal(1, status.GetProperty("sequence").GetInt64());
    }

    /// <summary>One trust domain's CA and JWT-SVID signing key.</summary>
    public sealed class SvidAuthority
    {
        private readonly CertificateAuthority _ca;
        private readonly ECDsa _jwtKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        public SvidAuthority(TrustDomain trustDomain)
        {
            TrustDomain = trustDomain;
            var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var now = DateTimeOffset.UtcNow;
            _ca = new CertificateAuthority(
                CertificateAuthorityFactory.CreateSelfSignedRoot(trustDomain, key, now.AddDays(-1), now.AddDays(30), CertificateSerialNumber.Create()), key, []);
        }

        public TrustDomain TrustDomain { get; }

        public string Agent(string name) => $"spiffe://{TrustDomain.Name}/agents/{name}-{Guid.NewGuid():N}";

        /// <summary>The trust domain's SPIFFE bundle: its CA and its JWT-SVID key.</summary>
        public string BundleJson(long sequence) => new SpiffeBundle(
            TrustDomain, [_ca.Certificate], [JsonWebKey.FromECDsa(_jwtKey, JwtSvidKid, SpiffeBundle.JwtSvidUse)], [], sequence, TimeSpan.FromMinutes(5)).ToJson();

        /// <summary>An X509-SVID for <paramref name="agent"/> signed by this CA, with its private key, valid for an hour.</summary>
        public X509Certificate2 X509Svid(string agent)
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var csr = new CertificateRequest("CN=ignored", key, HashAlgorithmName.SHA256).CreateSigningRequest();
            Assert.True(CertificateSigningRequest.TryParse(csr, out var parsed, out var error), error);
            var svid = X509SvidIssuer.Issue(_ca, SpiffeId.Parse(agent), parsed, DateTimeOffset.UtcNow, TimeSpan.FromHours(1), CertificateSerialNumber.Create());
            return svid.Leaf.CopyWithPrivateKey(key);
        }

        /// <summary>A JWT-SVID (JWT-SVID §3) for <paramref name="agent"/> addressed to <paramref name="aud"/>; <paramref name="change"/> edits its claims.</summary>
        public string JwtSvid(string agent, string aud, Action<JsonObject>? change = null, string alg = "ES256")
        {
            var now = DateTimeOffset.UtcNow;
            var claims = new JsonObject
            {
                ["sub"] = agent,
                ["aud"] = aud,
                ["iat"] = now.ToUnixTimeSeconds(),
                ["exp"] = now.AddMinutes(2).ToUnixTimeSeconds(),
                ["jti"] = Guid.NewGuid().ToString("N"),
            };
            change?.Invoke(claims);
            var header = new JsonObject { ["alg"] = alg, ["typ"] = "JWT", ["kid"] = JwtSvidKid };
            var input = B64(header.ToJsonString()) + "." + B64(claims.ToJsonString());
            var signature = alg == "none" ? [] : _jwtKey.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
            return input + "." + AgentKey.Base64Url(signature);
        }

        private static string B64(string json) => AgentKey.Base64Url(Encoding.UTF8.GetBytes(json));
    }

    /// <summary>The <c>x5t#S256</c> of a certificate (RFC 8705 §3.1).</summary>
    public static string Thumbprint(X509Certificate2 certificate) => AgentKey.Base64Url(SHA256.HashData(certificate.RawData));

    /// <summary>The JSON of a response body, for assertion messages.</summary>
    public static string Describe(JsonElement element) => JsonSerializer.Serialize(element);
}
