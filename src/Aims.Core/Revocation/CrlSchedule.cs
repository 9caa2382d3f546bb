namespace Aims.Core.Revocation;

/// <summary>When a CRL is issued again and when an entry may leave it: pure predicates of the current time.</summary>
public static class CrlSchedule
{
    /// <summary>
    /// A CRL is reissued once half its validity has passed, so a relying party that fetches it shortly before
    /// <c>nextUpdate</c> still gets one that stays valid for a while (RFC 5280 §5.1.2.5).
    /// </summary>
    public static bool IsReissueDue(DateTimeOffset thisUpdate, DateTimeOffset nextUpdate, DateTimeOffset now) =>
        now >= thisUpdate + ((nextUpdate - thisUpdate) / 2);

    /// <summary>
    /// RFC 5280 §3.3: "An entry MUST NOT be removed from the CRL until it appears on one regularly scheduled CRL issued
    /// beyond the revoked certificate's validity period." <paramref name="lastIssuedAt"/> is the thisUpdate of the last
    /// CRL issued, which contained every entry still held.
    /// </summary>
    public static bool MayDrop(RevokedCertificate entry, DateTimeOffset? lastIssuedAt)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return lastIssuedAt is { } issued && issued > entry.NotAfter;
    }

    /// <summary>X.509 times carry whole seconds (RFC 5280 §4.1.2.5.2 forbids fractional GeneralizedTime); truncated, never rounded up.</summary>
    public static DateTimeOffset WholeSeconds(DateTimeOffset time) =>
        new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
}
