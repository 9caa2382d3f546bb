using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Aims.Core.Credentials;

/// <summary>
/// When a holder renews an SVID: at about half its lifetime, at a point between 40 % and 60 % that is fixed for
/// each identity (derived from a key such as the registration entry id), so a fleet of workloads issued at
/// once renews spread over a fifth of the lifetime instead of in one burst, and the same identity always renews
/// at the same point. The point is a pure function: tests need no clock and no randomness.
/// </summary>
public static class SvidRenewalSchedule
{
    public const double EarliestFraction = 0.4;

    public const double LatestFraction = 0.6;

    /// <summary>The fraction of the lifetime after which <paramref name="spreadKey"/> renews, in [0.4, 0.6).</summary>
    public static double Fraction(string spreadKey)
    {
        ArgumentNullException.ThrowIfNull(spreadKey);
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(spreadKey));
        var unit = BinaryPrimitives.ReadUInt64BigEndian(digest) / (ulong.MaxValue + 1.0);
        return EarliestFraction + ((LatestFraction - EarliestFraction) * unit);
    }

    public static DateTimeOffset RenewAt(DateTimeOffset notBefore, DateTimeOffset notAfter, string spreadKey)
    {
        if (notAfter <= notBefore)
            return notBefore;
        return notBefore + ((notAfter - notBefore) * Fraction(spreadKey));
    }

    /// <summary>True once <paramref name="now"/> has reached the renewal point.</summary>
    public static bool IsDue(DateTimeOffset notBefore, DateTimeOffset notAfter, string spreadKey, DateTimeOffset now) =>
        now >= RenewAt(notBefore, notAfter, spreadKey);
}
