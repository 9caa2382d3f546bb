using Aims.Core.Attestation.Kubernetes;
using Aims.Core.Identity;

namespace Aims.Grains.Hosting;

/// <summary>
/// A Kubernetes cluster whose projected service-account tokens attest pods (<c>Aims:Attestation:Kubernetes:N</c>):
/// <see cref="AttestationIssuerOptions.Issuer"/> is the API server's <c>--service-account-issuer</c>, the keys its
/// <c>/openid/v1/jwks</c>, and the pod's token is projected with one of <see cref="AttestationIssuerOptions.Audiences"/>.
/// </summary>
public sealed class KubernetesAttestorOptions : AttestationIssuerOptions
{
    /// <summary>
    /// The claim (name or dotted path) where a trusted token issuer lists the pod's image digests; unset for clusters
    /// whose tokens carry none (Kubernetes itself puts no images in tokens), and then no <c>k8s:image:</c> selector exists.
    /// </summary>
    public string? ImageDigestClaim { get; set; }

    public KubernetesIssuer ToIssuer(TrustDomain trustDomain, string path)
    {
        if (ImageDigestClaim is { } claim && (claim.Length is 0 or > 256 || claim.Any(char.IsWhiteSpace)))
            throw new InvalidOperationException($"{path}: ImageDigestClaim must be a claim name or dotted path of 1 to 256 characters.");
        return new KubernetesIssuer(ToTokenIssuer(trustDomain, path), ImageDigestClaim);
    }
}
