namespace Aims.Grains.Revocation;

/// <summary>
/// The durable revocation list of one CA of a trust domain (keyed by <see cref="GrainKeys.RevocationRegistry"/>): the
/// revoked serials with time and reason, kept until a CRL issued after their notAfter carried them (RFC 5280 §3.3),
/// and the CRL number, which only ever grows. It issues and signs the CA's CRL.
/// </summary>
[Alias("aims.IRevocationRegistryGrain")]
public interface IRevocationRegistryGrain : IGrainWithStringKey
{
    /// <summary>Adds the serial durably before returning; a serial already revoked keeps its first time and reason.</summary>
    [Alias("Record")] Task RecordAsync(RevokedSerial revocation);

    /// <summary>
    /// The current CRL, issued anew (with the next number) when a revocation was recorded since the last one or half its
    /// validity has passed; <see cref="CrlView.Der"/> is null when it is the CRL numbered <paramref name="knownNumber"/>.
    /// Null when the CA is no longer in the authority (its certificates have all expired).
    /// </summary>
    [Alias("GetCrl")] Task<CrlView?> GetCrlAsync(long knownNumber);

    /// <summary>The serials on the list, oldest revocation first.</summary>
    [Alias("List")] Task<IReadOnlyList<RevokedSerial>> ListAsync();
}
