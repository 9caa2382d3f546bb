namespace Aims.Core.Revocation;

/// <summary>Bounds on what the OCSP responder reads, so a request costs little whatever it holds.</summary>
public static class OcspLimits
{
    /// <summary>Largest DER request accepted: room for a signed request with its certificates; a plain one is ~100 bytes per CertID.</summary>
    public const int MaxRequestBytes = 16 * 1024;

    /// <summary>Most CertIDs answered in one request; each costs a lookup.</summary>
    public const int MaxCertificates = 32;

    /// <summary>RFC 8954 §2.1: nonces of 1 to 32 octets are echoed; others are answered without a nonce.</summary>
    public const int MaxNonceBytes = 32;
}
