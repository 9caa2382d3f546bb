using Aims.Core.Attestation;
using Aims.Core.Attestation.Kubernetes;
using Aims.Core.Attestation.Oidc;
using Aims.Core.Attestation.Slsa;
using Aims.Core.Identity;

namespace Aims.Grains.Hosting;

/// <summary>
/// The <c>Aims:Attestation</c> section: the Kubernetes clusters and OIDC issuers whose tokens attest workloads, the
/// builders whose SLSA provenance is believed, and the lifetime of challenge nonces. Checked at startup: a silo
/// with trust it cannot use refuses to start rather than refusing every attestation later.
/// </summary>
/// <example>
/// <code>
/// "Attestation": {
///   "Kubernetes": [ { "Issuer": "https://kubernetes.default.svc.cluster.local", "JwksUri": "https://…/openid/v1/jwks", "Audiences": [ "aims" ] } ],
///   "Oidc": [ { "Issuer": "https://token.actions.githubusercontent.com", "JwksUri": "https://token.actions.githubusercontent.com/.well-known/jwks",
///               "Audiences": [ "https://aims.example" ], "Preset": "github", "SingleUse": true } ],
///   "Slsa": { "Builders": [ { "PublicKeyFile": "/etc/aims/builder.pub", "BuilderIds": [ "https://github.com/slsa-framework/slsa-github-generator/…" ] } ] }
/// }
/// </code>
/// </example>
public sealed class AttestationOptions
{
    /// <summary>How long a nonce of <c>POST /v1/attest/challenge</c> may be used (10 s to 10 min).</summary>
    public TimeSpan ChallengeTtl { get; set; } = AttestationChallenge.DefaultTtl;

    public List<KubernetesAttestorOptions> Kubernetes { get; set; } = [];

    public List<OidcAttestorOptions> Oidc { get; set; } = [];

    public SlsaSection Slsa { get; set; } = new();

    public sealed class SlsaSection
    {
        public List<SlsaBuilderOptions> Builders { get; set; } = [];
    }

    /// <summary>The checked form Core verifies evidence against.</summary>
    /// <exception cref="InvalidOperationException">An entry is invalid; the message names it and says what to fix.</exception>
    public AttestationTrust ToTrust(TrustDomain trustDomain)
    {
        ArgumentNullException.ThrowIfNull(trustDomain);
        var kubernetes = Kubernetes.Select((k, i) => k.ToIssuer(trustDomain, $"Aims:Attestation:Kubernetes:{i}")).ToList();
        var oidc = Oidc.Select((o, i) => o.ToIssuer(trustDomain, $"Aims:Attestation:Oidc:{i}")).ToList();
        var builders = Slsa.Builders.Select((b, i) => b.ToBuilder($"Aims:Attestation:Slsa:Builders:{i}")).ToList();
        try
        {
            return new AttestationTrust(kubernetes, oidc, builders, ChallengeTtl);
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"Aims:Attestation: {e.Message}", e);
        }
    }
}
