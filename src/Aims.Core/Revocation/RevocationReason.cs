namespace Aims.Core.Revocation;

/// <summary>
/// Why a certificate was revoked: the CRLReason codes of RFC 5280 §5.3.1, with their numeric values, as CRL entries
/// and OCSP <c>RevokedInfo</c> (RFC 6960 §4.2.1) carry them. Only the codes that apply to a leaf X509-SVID are here:
/// no <c>cACompromise</c>, <c>aACompromise</c>, <c>certificateHold</c> (a revocation is final) or <c>removeFromCRL</c>.
/// </summary>
public enum RevocationReason
{
    /// <summary>Written as an entry without a reason code (RFC 5280 §5.3.1: "unspecified" SHOULD NOT be encoded).</summary>
    Unspecified = 0,
    KeyCompromise = 1,
    AffiliationChanged = 3,
    Superseded = 4,
    CessationOfOperation = 5,
    PrivilegeWithdrawn = 9,
}
