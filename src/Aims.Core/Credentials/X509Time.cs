using System.Formats.Asn1;

namespace Aims.Core.Credentials;

/// <summary>
/// The <c>Time</c> CHOICE of a certificate's validity (RFC 5280 §4.1.2.5): UTCTime for 1950 through 2049,
/// GeneralizedTime otherwise, both in UTC and to whole seconds.
/// </summary>
internal static class X509Time
{
    // RFC 5280 §4.1.2.5.1: a two-digit year YY >= 50 is 19YY, YY < 50 is 20YY.
    private const int TwoDigitYearMax = 2049;

    /// <summary>The value as the certificate states it: in UTC with the fraction of a second dropped.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
    }

    public static void Write(AsnWriter writer, DateTimeOffset value)
    {
        var utc = Truncate(value);
        if (utc.Year is >= 1950 and <= TwoDigitYearMax)
            writer.WriteUtcTime(utc, TwoDigitYearMax);
        else
            writer.WriteGeneralizedTime(utc, omitFractionalSeconds: true);
    }

    public static DateTimeOffset Read(AsnReader reader)
    {
        var tag = reader.PeekTag();
        if (tag.HasSameClassAndValue(Asn1Tag.UtcTime))
            return reader.ReadUtcTime(TwoDigitYearMax);
        if (tag.HasSameClassAndValue(Asn1Tag.GeneralizedTime))
            return reader.ReadGeneralizedTime();
        throw new AsnContentException("A validity time is neither UTCTime nor GeneralizedTime (RFC 5280 §4.1.2.5).");
    }
}
