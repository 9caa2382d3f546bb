using Aims.Core.Attestation.Oidc;
using Aims.Core.Identity;

namespace Aims.Grains.Hosting;

/// <summary>
/// An issuer of workload identity tokens (<c>Aims:Attestation:Oidc:N</c>): GitHub Actions, GCP instance identity,
/// Azure managed identity, or any OIDC issuer; <see cref="Preset"/> picks the claims that become selectors and
/// <see cref="Claims"/> adds more.
/// </summary>
public sealed class OidcAttestorOptions : AttestationIssuerOptions
{
    /// <summary><c>github</c>, <c>gcp</c>, <c>azure</c> or <c>generic</c> (the default: only iss and sub).</summary>
    public string? Preset { get; set; }

    /// <summary>Claim name or dotted path → selector name: the claim's value becomes <c>oidc:&lt;name&gt;:&lt;value&gt;</c>.</summary>
    public Dictionary<string, string> Claims { get; set; } = [];

    public OidcIssuer ToIssuer(TrustDomain trustDomain, string path) =>
        OidcIssuer.TryCreate(ToTokenIssuer(trustDomain, path), Preset, Claims, out var issuer, out var error)
            ? issuer
            : throw new InvalidOperationException($"{path}: {error}.");
}
