using System.Security.Cryptography;
using Aims.Core.Attestation;
using Aims.Core.Identity;
using Aims.Grains.Hosting;

namespace Aims.Grains.Tests.Configuration;

/// <summary>The <c>Aims:Attestation</c> section: checked at startup, so a silo with unusable trust refuses to start and says which entry.</summary>
public sealed class AttestationOptionsTests
{
    private static readonly TrustDomain TrustDomain = TrustDomain.Parse("aims.local");

    [Fact]
    public void ToTrust_Defaults_NothingTrustedTwoMinuteChallenges()
    {
        var trust = new AttestationOptions().ToTrust(TrustDomain);

        Assert.Empty(trust.KubernetesIssuers);
        Assert.Empty(trust.OidcIssuers);
        Assert.Empty(trust.Builders);
        Assert.Equal(AttestationChallenge.DefaultTtl, trust.ChallengeTtl);
    }

    [Fact]
    public void ToTrust_ConfiguredIssuersAndBuilder_Found()
    {
        using var builderKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var options = new AttestationOptions
        {
            Kubernetes = [new KubernetesAttestorOptions { Issuer = "https://k8s", JwksUri = "https://k8s/openid/v1/jwks", Audiences = ["aims"], ImageDigestClaim = "aims.io/images" }],
            Oidc = [new OidcAttestorOptions { Issuer = "https://ci", JwksUri = "https://ci/jwks", Audiences = ["https://aims"], Preset = "github", SingleUse = true }],
            Slsa = new AttestationOptions.SlsaSection { Builders = [new SlsaBuilderOptions { PublicKey = builderKey.ExportSubjectPublicKeyInfoPem(), BuilderIds = ["https://builder"] }] },
        };

        var trust = options.ToTrust(TrustDomain);

        Assert.True(trust.TryFindKubernetes("https://k8s", out var cluster));
        Assert.Equal("aims.io/images", cluster.ImageDigestClaim);
        Assert.True(trust.TryFindOidc("https://ci", out var ci));
        Assert.True(ci.Token.SingleUse);
        Assert.Contains(ci.Claims, c => c.Name == "repository");
        Assert.Equal(["https://builder"], Assert.Single(trust.Builders).BuilderIds);
    }

    [Fact]
    public void ToTrust_IssuerWithoutAudiences_StopsTheSiloNamingTheEntry()
    {
        var options = new AttestationOptions { Oidc = [new OidcAttestorOptions { Issuer = "https://ci", JwksUri = "https://ci/jwks" }] };

        var error = Assert.Throws<InvalidOperationException>(() => options.ToTrust(TrustDomain));

        Assert.Contains("Aims:Attestation:Oidc:0", error.Message, StringComparison.Ordinal);
        Assert.Contains("Audiences", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToTrust_PlainHttpJwksUriToAnotherHost_Refused()
    {
        var options = new AttestationOptions { Kubernetes = [new KubernetesAttestorOptions { Issuer = "https://k8s", JwksUri = "http://k8s.example/jwks", Audiences = ["aims"] }] };

        var error = Assert.Throws<InvalidOperationException>(() => options.ToTrust(TrustDomain));

        Assert.Contains("Aims:Attestation:Kubernetes:0", error.Message, StringComparison.Ordinal);
        Assert.Contains("https", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToTrust_SameIssuerTwice_Refused()
    {
        var entry = new KubernetesAttestorOptions { Issuer = "https://k8s", JwksUri = "https://k8s/jwks", Audiences = ["aims"] };

        var error = Assert.Throws<InvalidOperationException>(() => new AttestationOptions { Kubernetes = [entry, entry] }.ToTrust(TrustDomain));

        Assert.Contains("configured twice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToTrust_BuilderKeyThatIsNotAKey_Refused()
    {
        var options = new AttestationOptions { Slsa = new AttestationOptions.SlsaSection { Builders = [new SlsaBuilderOptions { PublicKey = "nope", BuilderIds = ["b"] }] } };

        var error = Assert.Throws<InvalidOperationException>(() => options.ToTrust(TrustDomain));

        Assert.Contains("Aims:Attestation:Slsa:Builders:0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToTrust_ChallengeLifetimeOfAnHour_Refused()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new AttestationOptions { ChallengeTtl = TimeSpan.FromHours(1) }.ToTrust(TrustDomain));

        Assert.Contains("challenge lifetime", error.Message, StringComparison.Ordinal);
    }
}
