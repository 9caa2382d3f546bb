namespace Aims.Grains.Revocation;

/// <summary>
/// The trust domain's OCSP responder and CRL front, one worker per silo core (keyed by
/// <see cref="GrainKeys.RevocationResponder"/>): it keeps the CA certificates and keys loaded, answers each CertID from
/// the credential grain of its serial (read only) and signs with the CA that issued it.
/// </summary>
[Alias("aims.IRevocationResponderGrain")]
public interface IRevocationResponderGrain : IGrainWithStringKey
{
    /// <summary>A DER OCSPResponse for a DER OCSPRequest (RFC 6960): malformedRequest when it is not one, unauthorized when it names none of our CAs.</summary>
    [Alias("Respond")] Task<byte[]> RespondAsync(byte[] request);

    /// <summary>
    /// The CRL of the CA with <paramref name="caKid"/>, or of the active CA when null; null when there is no such CA.
    /// Its DER is left out when it is the CRL the caller holds (<paramref name="heldCaKid"/>, <paramref name="heldNumber"/>).
    /// </summary>
    [Alias("GetCrl")] Task<CrlView?> GetCrlAsync(string? caKid, string? heldCaKid, long heldNumber);
}
