using Aims.Core.Authority;

namespace Aims.Core.Tests.Authority;

public sealed class CertificateSerialNumberTests
{
    [Fact]
    public void Create_Always_SixteenBytesPositiveWithoutLeadingZero()
    {
        var serials = Enumerable.Range(0, 256).Select(_ => CertificateSerialNumber.Create()).ToList();

        Assert.All(serials, s => Assert.Equal(16, s.Length));
        Assert.All(serials, s => Assert.InRange(s[0], 0x01, 0x7F));
        Assert.Equal(serials.Count, serials.Select(Convert.ToHexString).Distinct().Count());
    }

    [Theory]
    [InlineData(new byte[] { 0x01 })]
    [InlineData(new byte[] { 0x7F, 0xFF })]
    [InlineData(new byte[] { 0x00, 0x80 })]
    [InlineData(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20 })]
    public void Validate_PositiveUpTo20Bytes_Accepted(byte[] serial)
    {
        var error = Record.Exception(() => CertificateSerialNumber.Validate(serial, nameof(serial)));

        Assert.Null(error);
    }

    [Theory]
    [InlineData(new byte[] { })]
    [InlineData(new byte[] { 0x80 })]
    [InlineData(new byte[] { 0x00 })]
    [InlineData(new byte[] { 0x00, 0x00, 0x00 })]
    [InlineData(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21 })]
    public void Validate_EmptyNegativeZeroOrTooLong_Throws(byte[] serial)
    {
        Assert.Throws<ArgumentException>(() => CertificateSerialNumber.Validate(serial, nameof(serial)));
    }
}
