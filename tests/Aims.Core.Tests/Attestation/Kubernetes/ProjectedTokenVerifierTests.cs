using System.Text.Json.Nodes;
using Aims.Core.Attestation;
using Aims.Core.Attestation.Kubernetes;

namespace Aims.Core.Tests.Attestation.Kubernetes;

/// <summary>
/// Projected service-account tokens as a Kubernetes API server issues them (claims as in KEP-1205 bound tokens), minted
/// with test keys: there is no cluster here.
/// </summary>
public sealed class ProjectedTokenVerifierTests : IDisposable
{
    private const string Issuer = "https://kubernetes.default.svc.cluster.local";
    private const string Audience = "aims";
    private const string ImageHex = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    private readonly TokenIssuerAuthority _cluster = new(Issuer);

    public void Dispose() => _cluster.Dispose();

    [Theory]
    [InlineData("ES256")]
    [InlineData("RS256")]
    public void Verify_ProjectedToken_ProvesNamespaceServiceAccountPodAndNode(string alg)
    {
        var result = Verify(_cluster.Sign(Token(), alg));

        Assert.True(result.IsVerified, result.Reason);
        Assert.Equal("k8s_psat", result.Evidence.Type);
        Assert.Equal(
            ["k8s:ns:payments", "k8s:sa:api", "k8s:sa-uid:sa-1", "k8s:pod-name:api-7d9", "k8s:pod-uid:pod-1", "k8s:node-name:node-a"],
            result.Evidence.Selectors);
        Assert.StartsWith($"issuer {Issuer} (kid ", result.Evidence.VerifiedBy, StringComparison.Ordinal);
        Assert.Null(result.Evidence.SingleUseId);
    }

    [Fact]
    public void Verify_ImageDigestsInConfiguredClaim_BecomeImageSelectors()
    {
        var token = Token();
        token["aims.io/images"] = new JsonArray($"registry.example/api@sha256:{ImageHex}");

        var result = Verify(_cluster.Sign(token), imageClaim: "aims.io/images");

        Assert.True(result.IsVerified, result.Reason);
        Assert.Contains($"k8s:image:sha256:{ImageHex}", result.Evidence.Selectors);
    }

    [Fact]
    public void Verify_ImageDigestsWithoutConfiguredClaim_NoImageSelector()
    {
        var token = Token();
        token["aims.io/images"] = new JsonArray($"sha256:{ImageHex}");

        var result = Verify(_cluster.Sign(token));

        Assert.True(result.IsVerified, result.Reason);
        Assert.DoesNotContain(result.Evidence.Selectors, s => s.StartsWith("k8s:image:", StringComparison.Ordinal));
    }

    [Fact]
    public void Verify_MalformedImageDigest_RefusedByImageRule()
    {
        var token = Token();
        token["aims.io/images"] = "registry.example/api:latest";

        AssertRefused(Verify(_cluster.Sign(token), imageClaim: "aims.io/images"), "k8s_psat.image", "sha256");
    }

    [Fact]
    public void Verify_SignedWithAnotherKey_RefusedBySignatureRule()
    {
        using var forger = new TokenIssuerAuthority(Issuer);

        AssertRefused(Verify(forger.Sign(Token())), "k8s_psat.signature", "forged");
    }

    [Fact]
    public void Verify_PayloadAlteredAfterSigning_RefusedBySignatureRule()
    {
        var token = _cluster.Sign(Token());
        var parts = token.Split('.');
        var altered = Token();
        ((JsonObject)altered["kubernetes.io"]!)["namespace"] = "kube-system";
        var forged = $"{parts[0]}.{Aims.Core.Jose.Base64Url.Encode(System.Text.Encoding.UTF8.GetBytes(altered.ToJsonString()))}.{parts[2]}";

        AssertRefused(Verify(forged), "k8s_psat.signature", "forged");
    }

    [Fact]
    public void Verify_WrongAudience_RefusedByAudienceRule()
    {
        var token = Token();
        token["aud"] = "https://kubernetes.default.svc";

        AssertRefused(Verify(_cluster.Sign(token)), "k8s_psat.audience", "must carry aims");
    }

    [Fact]
    public void Verify_Expired_RefusedByLifetimeRule()
    {
        var token = Token();
        token["exp"] = TokenIssuerAuthority.Now.AddMinutes(-5).ToUnixTimeSeconds();

        AssertRefused(Verify(_cluster.Sign(token)), "k8s_psat.lifetime", "expired");
    }

    [Fact]
    public void Verify_IssuedLongerAgoThanAllowed_RefusedAsStale()
    {
        var token = Token();
        token["iat"] = TokenIssuerAuthority.Now.AddHours(-3).ToUnixTimeSeconds();
        token["exp"] = TokenIssuerAuthority.Now.AddHours(1).ToUnixTimeSeconds();

        AssertRefused(Verify(_cluster.Sign(token)), "k8s_psat.stale", "fresh");
    }

    [Theory]
    [InlineData("none", "never accepted")]
    [InlineData("HS256", "symmetric")]
    public void Verify_NoneOrHmac_RefusedByAlgRule(string alg, string detail)
    {
        AssertRefused(Verify(_cluster.Sign(Token(), alg)), "k8s_psat.alg", detail);
    }

    [Fact]
    public void Verify_UnknownKid_RefusedByKidRule()
    {
        AssertRefused(Verify(_cluster.Sign(Token(), kid: "rotated-away")), "k8s_psat.kid", "rotated-away");
    }

    [Fact]
    public void Verify_OtherIssuer_RefusedByIssuerRule()
    {
        var token = Token();
        token["iss"] = "https://other-cluster.example";

        AssertRefused(Verify(_cluster.Sign(token)), "k8s_psat.issuer", "other-cluster");
    }

    [Fact]
    public void Verify_LegacySecretToken_RefusedByPodRule()
    {
        var token = Token();
        ((JsonObject)token["kubernetes.io"]!).Remove("pod");

        AssertRefused(Verify(_cluster.Sign(token)), "k8s_psat.pod", "not bound to a pod");
    }

    [Fact]
    public void Verify_SubjectDisagreesWithClaim_RefusedByClaimsRule()
    {
        var token = Token();
        token["sub"] = "system:serviceaccount:kube-system:admin";

        AssertRefused(Verify(_cluster.Sign(token)), "k8s_psat.claims", "system:serviceaccount:payments:api");
    }

    [Fact]
    public void Verify_ExplicitlyTypedAccessToken_RefusedByTypRule()
    {
        AssertRefused(Verify(_cluster.Sign(Token(), header: new JsonObject { ["typ"] = "at+jwt" })), "k8s_psat.typ", "at+jwt");
    }

    [Fact]
    public void Verify_NoKeysAvailable_RefusedByKidRule()
    {
        var result = ProjectedTokenVerifier.Verify(_cluster.Sign(Token()), new KubernetesIssuer(_cluster.Rules(Audience), null), null, TokenIssuerAuthority.Now);

        AssertRefused(result, "k8s_psat.kid", "could not be obtained");
    }

    [Fact]
    public void Verify_SingleUseIssuer_ReturnsJtiToRemember()
    {
        var token = Token();
        token["jti"] = "b1d4";
        var issuer = new KubernetesIssuer(_cluster.Rules(Audience, singleUse: true), null);

        var result = ProjectedTokenVerifier.Verify(_cluster.Sign(token), issuer, _cluster.Keys, TokenIssuerAuthority.Now);

        Assert.True(result.IsVerified, result.Reason);
        Assert.Equal("b1d4", result.Evidence.SingleUseId);
        Assert.True(result.Evidence.SingleUseUntil > TokenIssuerAuthority.Now);
    }

    [Fact]
    public void Verify_SingleUseIssuerTokenWithoutJti_RefusedByJtiRule()
    {
        var issuer = new KubernetesIssuer(_cluster.Rules(Audience, singleUse: true), null);

        AssertRefused(ProjectedTokenVerifier.Verify(_cluster.Sign(Token()), issuer, _cluster.Keys, TokenIssuerAuthority.Now), "k8s_psat.jti", "jti");
    }

    private AttestationResult Verify(string token, string? imageClaim = null) =>
        ProjectedTokenVerifier.Verify(token, new KubernetesIssuer(_cluster.Rules(Audience), imageClaim), _cluster.Keys, TokenIssuerAuthority.Now);

    private JsonObject Token() => _cluster.Claims(Audience, new JsonObject
    {
        ["sub"] = "system:serviceaccount:payments:api",
        ["nbf"] = TokenIssuerAuthority.Now.AddMinutes(-1).ToUnixTimeSeconds(),
        ["kubernetes.io"] = new JsonObject
        {
            ["namespace"] = "payments",
            ["serviceaccount"] = new JsonObject { ["name"] = "api", ["uid"] = "sa-1" },
            ["pod"] = new JsonObject { ["name"] = "api-7d9", ["uid"] = "pod-1" },
            ["node"] = new JsonObject { ["name"] = "node-a", ["uid"] = "node-1" },
        },
    });

    private static void AssertRefused(AttestationResult result, string rule, string detail)
    {
        Assert.False(result.IsVerified);
        Assert.Equal(rule, result.Rule);
        Assert.Contains(detail, result.Detail, StringComparison.Ordinal);
    }
}
