namespace Aims.Core.Revocation;

/// <summary>
/// One entry of a CA's revocation list: the certificate's serial (lowercase big-endian hex, as credential grains are
/// keyed), when and why it was revoked, and its notAfter, after which the entry may leave the CRL (RFC 5280 §3.3).
/// </summary>
public sealed record RevokedCertificate(string SerialNumberHex, DateTimeOffset RevokedAt, RevocationReason Reason, DateTimeOffset NotAfter);
