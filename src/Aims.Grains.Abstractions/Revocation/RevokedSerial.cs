using Aims.Core.Revocation;

namespace Aims.Grains.Revocation;

/// <summary>One revoked X.509 serial (lowercase hex) of a CA, with when and why, and its certificate's notAfter.</summary>
[GenerateSerializer, Immutable, Alias("aims.RevokedSerial")]
public sealed record RevokedSerial(
    [property: Id(0)] string SerialNumber,
    [property: Id(1)] DateTimeOffset RevokedAt,
    [property: Id(2)] RevocationReason Reason,
    [property: Id(3)] DateTimeOffset NotAfter)
{
    public RevokedCertificate ToCore() => new(SerialNumber, RevokedAt, Reason, NotAfter);
}
