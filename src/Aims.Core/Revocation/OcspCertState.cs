namespace Aims.Core.Revocation;

/// <summary>RFC 6960 §2.2 CertStatus.</summary>
public enum OcspCertState
{
    Good = 0,
    Revoked = 1,
    Unknown = 2,
}
