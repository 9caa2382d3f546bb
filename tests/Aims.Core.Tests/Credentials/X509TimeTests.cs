using System.Formats.Asn1;
using System.Globalization;
using Aims.Core.Credentials;

namespace Aims.Core.Tests.Credentials;

public sealed class X509TimeTests
{
    // RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050 and before 1950.
    [Theory]
    [InlineData("2026-07-01T12:00:00.7Z", "170D3236303730313132303030305A")]
    [InlineData("2049-12-31T23:59:59Z", "170D3439313233313233353935395A")]
    [InlineData("2050-01-01T00:00:00Z", "180F32303530303130313030303030305A")]
    [InlineData("1950-01-01T00:00:00Z", "170D3530303130313030303030305A")]
    [InlineData("1949-12-31T23:59:59Z", "180F31393439313233313233353935395A")]
    public void Write_ByYear_ChoosesTheRfc5280EncodingAndDropsTheFraction(string time, string expectedHex)
    {
        var value = DateTimeOffset.Parse(time, CultureInfo.InvariantCulture);
        var writer = new AsnWriter(AsnEncodingRules.DER);

        X509Time.Write(writer, value);

        var der = writer.Encode();
        Assert.Equal(expectedHex, Convert.ToHexString(der));
        Assert.Equal(X509Time.Truncate(value), X509Time.Read(new AsnReader(der, AsnEncodingRules.DER)));
    }

    [Fact]
    public void Read_NeitherTimeType_Throws()
    {
        var reader = new AsnReader(new byte[] { 0x02, 0x01, 0x01 }, AsnEncodingRules.DER);

        Assert.Throws<AsnContentException>(() => X509Time.Read(reader));
    }
}
