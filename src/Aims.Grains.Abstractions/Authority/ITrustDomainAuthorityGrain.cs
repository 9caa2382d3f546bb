namespace Aims.Grains.Authority;

/// <summary>
/// The trust domain's X.509 CA and JWT/WIT signing keys in rotating slots, and its trust bundle
/// (keyed by <see cref="GrainKeys.Authority"/>).
/// </summary>
[Alias("aims.ITrustDomainAuthorityGrain")]
public interface ITrustDomainAuthorityGrain : IGrainWithStringKey
{
    [Alias("GetSnapshot")] Task<AuthoritySnapshot> GetSnapshotAsync();

    /// <summary>The SPIFFE bundle as JSON (JWK Set with spiffe_sequence) and the X.509 roots as PEM.</summary>
    [Alias("GetBundle")] Task<TrustBundleView> GetBundleAsync();

    /// <summary>Prepares, activates and drops keys whose time has come (by the injected TimeProvider).</summary>
    [Alias("RotateIfDue")] Task<RotationReport> RotateIfDueAsync();
}
