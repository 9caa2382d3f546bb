using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Aims.Core.OAuth;

namespace Aims.Core.Tests.OAuth;

public sealed class CertificateThumbprintTests
{
    [Fact]
    public void X5tS256_IsBase64UrlOfTheCertificateSha256()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=agent", key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddYears(1));
        var expected = Convert.ToBase64String(certificate.GetCertHash(HashAlgorithmName.SHA256))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

        var thumbprint = CertificateThumbprint.X5tS256(certificate.RawData);

        Assert.Equal(expected, thumbprint);
        Assert.Equal(CertificateThumbprint.X5tS256Length, thumbprint.Length);
        Assert.True(CertificateThumbprint.IsWellFormed(thumbprint));
        Assert.True(CertificateThumbprint.Matches(thumbprint, certificate.RawData));
    }

    [Fact]
    public void Matches_OtherCertificate_False()
    {
        byte[] one = [1, 2, 3];
        byte[] two = [1, 2, 4];

        Assert.False(CertificateThumbprint.Matches(CertificateThumbprint.X5tS256(one), two));
        Assert.False(CertificateThumbprint.Matches(null, one));
        Assert.False(CertificateThumbprint.Matches("not-a-thumbprint", one));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("bwcK0esc3ACC3DB2Y5_lESsXE8o9ltc05O89jdN-dg")]
    [InlineData("bwcK0esc3ACC3DB2Y5_lESsXE8o9ltc05O89jdN-dg2=")]
    [InlineData("bwcK0esc3ACC3DB2Y5+lESsXE8o9ltc05O89jdN-dg2")]
    [InlineData("bwcK0esc3ACC3DB2Y5_lESsXE8o9ltc05O89jdN-dg3")]
    [InlineData("bwcK0esc3ACC3DB2Y5_lESsXE8o9ltc05O89jdN-dg2")]
    public void IsWellFormed_NotA43CharCanonicalDigest_False(string? value)
    {
        // The last case is the RFC 8705 §3.1 example: its final character carries stray bits, so no SHA-256
        // digest encodes to it and no certificate can match it.
        Assert.False(CertificateThumbprint.IsWellFormed(value));
    }

    [Fact]
    public void IsWellFormed_CanonicalFormOfRfc8705Example_True()
    {
        Assert.True(CertificateThumbprint.IsWellFormed("bwcK0esc3ACC3DB2Y5_lESsXE8o9ltc05O89jdN-dg0"));
    }

    [Fact]
    public void X5tS256_Empty_Throws()
    {
        Assert.Throws<ArgumentException>(() => CertificateThumbprint.X5tS256([]));
    }
}
