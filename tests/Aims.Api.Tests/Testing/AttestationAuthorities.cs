using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;

namespace Aims.Api.Tests.Testing;

/// <summary>
/// The outside parties the silo trusts for attestation (<c>Aims:Attestation</c>), with keys generated once per test
/// run: a Kubernetes cluster whose projected tokens carry image digests under a configured claim, a GitHub-Actions-style
/// OIDC issuer whose tokens are single-use, and a SLSA builder. There is no cluster, cloud or CI here, so the tests
/// mint tokens and sign provenance as those parties would; the silo verifies them exactly as it would real ones.
/// </summary>
public static class AttestationAuthorities
{
    public const string ClusterIssuer = "https://kubernetes.test.cluster";
    public const string ClusterAudience = "aims";
    public const string ImageClaim = "aims.io/images";
    public const string OidcIssuer = "https://token.actions.test";
    public const string OidcAudience = "https://aims.test";
    public const string BuilderId = "https://builder.test/slsa-generator@v2";
    public const string Source = "git+https://git.test/acme/payments@refs/heads/main";
    public const string InTotoPayloadType = "application/vnd.in-toto+json";

    public static ECDsa ClusterKey { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public static RSA OidcKey { get; } = RSA.Create(2048);

    public static ECDsa BuilderKey { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public static void Configure(IWebHostBuilder builder)
    {
        const string Cluster = "Aims:Attestation:Kubernetes:0:";
        builder.UseSetting(Cluster + "Issuer", ClusterIssuer);
        builder.UseSetting(Cluster + "Jwks", PartnerAuthority.Jwks(PartnerAuthority.EcJwk(ClusterKey, "cluster")));
        builder.UseSetting(Cluster + "Audiences:0", ClusterAudience);
        builder.UseSetting(Cluster + "ImageDigestClaim", ImageClaim);

        const string Oidc = "Aims:Attestation:Oidc:0:";
        builder.UseSetting(Oidc + "Issuer", OidcIssuer);
        builder.UseSetting(Oidc + "Jwks", PartnerAuthority.Jwks(PartnerAuthority.RsaJwk(OidcKey, "ci")));
        builder.UseSetting(Oidc + "Audiences:0", OidcAudience);
        builder.UseSetting(Oidc + "Preset", "github");
        builder.UseSetting(Oidc + "SingleUse", "true");

        const string Builder = "Aims:Attestation:Slsa:Builders:0:";
        builder.UseSetting(Builder + "PublicKey", BuilderKey.ExportSubjectPublicKeyInfoPem());
        builder.UseSetting(Builder + "BuilderIds:0", BuilderId);
    }

    /// <summary>A projected service-account token of pod api (namespace payments, service account api) carrying <paramref name="imageDigests"/>.</summary>
    public static string PodToken(string podUid, string audience = ClusterAudience, params string[] imageDigests)
    {
        var now = DateTimeOffset.UtcNow;
        var claims = new JsonObject
        {
            ["iss"] = ClusterIssuer,
            ["sub"] = "system:serviceaccount:payments:api",
            ["aud"] = new JsonArray(audience),
            ["iat"] = now.AddSeconds(-10).ToUnixTimeSeconds(),
            ["nbf"] = now.AddSeconds(-10).ToUnixTimeSeconds(),
            ["exp"] = now.AddMinutes(10).ToUnixTimeSeconds(),
            ["kubernetes.io"] = new JsonObject
            {
                ["namespace"] = "payments",
                ["serviceaccount"] = new JsonObject { ["name"] = "api", ["uid"] = "sa-uid-1" },
                ["pod"] = new JsonObject { ["name"] = "api-0", ["uid"] = podUid },
            },
        };
        if (imageDigests.Length > 0)
            claims[ImageClaim] = new JsonArray([.. imageDigests.Select(d => (JsonNode)$"registry.test/payments/api@{d}")]);
        return Sign(claims, "ES256", "cluster", data => ClusterKey.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
    }

    /// <summary>A CI identity token of repository acme/payments, with a fresh <c>jti</c> unless one is given.</summary>
    public static string CiToken(string audience = OidcAudience, string? jti = null)
    {
        var now = DateTimeOffset.UtcNow;
        var claims = new JsonObject
        {
            ["iss"] = OidcIssuer,
            ["sub"] = "repo:acme/payments:ref:refs/heads/main",
            ["aud"] = audience,
            ["iat"] = now.AddSeconds(-10).ToUnixTimeSeconds(),
            ["exp"] = now.AddMinutes(5).ToUnixTimeSeconds(),
            ["jti"] = jti ?? Guid.NewGuid().ToString("N"),
            ["repository"] = "acme/payments",
            ["ref"] = "refs/heads/main",
            ["workflow"] = "release",
        };
        return Sign(claims, "RS256", "ci", data => OidcKey.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    /// <summary>SLSA v1 provenance for the artefact with SHA-256 <paramref name="subjectHex"/>, as an in-toto Statement.</summary>
    public static JsonObject Provenance(string subjectHex, string builderId = BuilderId) => new()
    {
        ["_type"] = "https://in-toto.io/Statement/v1",
        ["subject"] = new JsonArray(new JsonObject { ["name"] = "registry.test/payments/api", ["digest"] = new JsonObject { ["sha256"] = subjectHex } }),
        ["predicateType"] = "https://slsa.dev/provenance/v1",
        ["predicate"] = new JsonObject
        {
            ["buildDefinition"] = new JsonObject
            {
                ["buildType"] = "https://builder.test/container/v1",
                ["externalParameters"] = new JsonObject { ["source"] = Source },
            },
            ["runDetails"] = new JsonObject { ["builder"] = new JsonObject { ["id"] = builderId } },
        },
    };

    /// <summary>The DSSE envelope of <paramref name="statement"/> signed (DER ECDSA over PAE) by <paramref name="signer"/>, the trusted builder by default.</summary>
    public static JsonObject Envelope(JsonObject statement, ECDsa? signer = null)
    {
        var payload = Encoding.UTF8.GetBytes(statement.ToJsonString());
        var signature = (signer ?? BuilderKey).SignData(Pae(payload), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        return Envelope(payload, signature);
    }

    public static JsonObject Envelope(byte[] payload, byte[] signature) => new()
    {
        ["payloadType"] = InTotoPayloadType,
        ["payload"] = Convert.ToBase64String(payload),
        ["signatures"] = new JsonArray(new JsonObject { ["keyid"] = "", ["sig"] = Convert.ToBase64String(signature) }),
    };

    /// <summary>DSSE protocol.md pre-authentication encoding of an in-toto payload.</summary>
    public static byte[] Pae(byte[] payload) =>
        [.. Encoding.UTF8.GetBytes($"DSSEv1 {InTotoPayloadType.Length} {InTotoPayloadType} {payload.Length} "), .. payload];

    public static string ImageDigest(string name) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)));

    private static string Sign(JsonObject claims, string alg, string kid, Func<byte[], byte[]> sign)
    {
        var header = new JsonObject { ["alg"] = alg, ["kid"] = kid };
        var input = AgentKey.Base64Url(Encoding.UTF8.GetBytes(header.ToJsonString())) + "." + AgentKey.Base64Url(Encoding.UTF8.GetBytes(claims.ToJsonString()));
        return input + "." + AgentKey.Base64Url(sign(Encoding.ASCII.GetBytes(input)));
    }
}
