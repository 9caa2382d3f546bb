namespace Aims.Core.Attestation.Kubernetes;

/// <summary>
/// A Kubernetes cluster whose projected service-account tokens attest pods: its API server's token issuer
/// (<c>--service-account-issuer</c>), and optionally the claim under which a trusted token issuer (not Kubernetes
/// itself: it never puts images in tokens) lists the pod's container image digests.
/// </summary>
/// <param name="ImageDigestClaim">
/// A top-level or dotted claim path whose value is a string or array of strings <c>sha256:&lt;hex&gt;</c> or
/// <c>name@sha256:&lt;hex&gt;</c>; null when the cluster's tokens carry no image digests, in which case no
/// <c>k8s:image:</c> selector is ever produced.
/// </param>
public sealed record KubernetesIssuer(AttestationTokenIssuer Token, string? ImageDigestClaim);
