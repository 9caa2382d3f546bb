using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Aims.Core.Credentials;

namespace Aims.Core.Tests.Credentials;

/// <summary>Tests of <see cref="CertificateSigningRequest"/>, the CSR side of X509-SVID issuance.</summary>
public sealed class X509CertificateSigningRequestTests
{
    [Theory]
    [InlineData("P-256", false, 256)]
    [InlineData("P-384", false, 384)]
    [InlineData("RSA-2048", true, 2048)]
    [InlineData("RSA-3072", true, 3072)]
    public void TryParse_SupportedKey_Accepted(string keyName, bool isRsa, int keySize)
    {
        using var key = CreateKey(keyName);

        Assert.True(CertificateSigningRequest.TryParse(CreateCsrPem(key), out var csr, out var error), error);
        Assert.Equal(isRsa, csr.IsRsa);
        Assert.Equal(keySize, csr.KeySize);
    }

    [Theory]
    [InlineData("RSA-1024", "1024 bits")]
    [InlineData("P-521", "1.3.132.0.35")]
    [InlineData("brainpoolP256r1", "1.3.36.3.3.2.8.1.1.7")]
    public void TryParse_UnsupportedKey_RefusedNamingTheKey(string keyName, string detailFragment)
    {
        using var key = CreateKey(keyName);

        var ok = CertificateSigningRequest.TryParse(CreateCsrPem(key), out _, out var error);

        Assert.False(ok);
        Assert.Contains(detailFragment, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_FlippedSignatureByte_RefusedAsBadSignature()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var der = new CertificateRequest("CN=agent", key, HashAlgorithmName.SHA256).CreateSigningRequest();
        der[^1] ^= 0x01;

        var ok = CertificateSigningRequest.TryParse(der, out _, out var error);

        Assert.False(ok);
        Assert.Equal(CertificateSigningRequestErrors.BadSignature, error);
    }

    [Fact]
    public void TryParse_SignedByAnotherKey_RefusedAsBadSignature()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName("CN=agent"), new PublicKey(key), HashAlgorithmName.SHA256);
        var der = request.CreateSigningRequest(X509SignatureGenerator.CreateForECDsa(other));

        var ok = CertificateSigningRequest.TryParse(der, out _, out var error);

        Assert.False(ok);
        Assert.Equal(CertificateSigningRequestErrors.BadSignature, error);
    }

    [Fact]
    public void TryParse_LargerThan16KiB_Refused()
    {
        var pem = new string(' ', CertificateSigningRequest.MaxLength) + CreateCsrPem(CreateKey("P-256"));

        var ok = CertificateSigningRequest.TryParse(pem, out _, out var error);

        Assert.False(ok);
        Assert.Contains("at most 16384", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("junk before\n{0}", CertificateSigningRequestErrors.TextAroundPem)]
    [InlineData("{0}\njunk after", CertificateSigningRequestErrors.TextAroundPem)]
    [InlineData("{0}glued", CertificateSigningRequestErrors.NoPemBlock)]
    public void TryParse_PemWithTextAround_Refused(string template, string expectedError)
    {
        var pem = string.Format(System.Globalization.CultureInfo.InvariantCulture, template, CreateCsrPem(CreateKey("P-256")));

        var ok = CertificateSigningRequest.TryParse(pem, out _, out var error);

        Assert.False(ok);
        Assert.Equal(expectedError, error);
    }

    [Fact]
    public void TryParse_WhitespaceAroundPem_Accepted()
    {
        var pem = "\n  " + CreateCsrPem(CreateKey("P-256")) + "\r\n\n";

        Assert.True(CertificateSigningRequest.TryParse(pem, out _, out var error), error);
    }

    [Fact]
    public void TryParse_TwoPemBlocks_Refused()
    {
        var pem = CreateCsrPem(CreateKey("P-256")) + "\n" + CreateCsrPem(CreateKey("P-256"));

        var ok = CertificateSigningRequest.TryParse(pem, out _, out var error);

        Assert.False(ok);
        Assert.Equal(CertificateSigningRequestErrors.SeveralPemBlocks, error);
    }

    [Fact]
    public void TryParse_CertificatePem_RefusedNamingTheLabel()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var certificate = new CertificateRequest("CN=agent", key, HashAlgorithmName.SHA256)
            .CreateSelfSigned(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero));

        var ok = CertificateSigningRequest.TryParse(certificate.ExportCertificatePem(), out _, out var error);

        Assert.False(ok);
        Assert.Contains("\"CERTIFICATE\"", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_LegacyNewCertificateRequestLabel_Accepted()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var der = new CertificateRequest("CN=agent", key, HashAlgorithmName.SHA256).CreateSigningRequest();
        var pem = new string(PemEncoding.Write("NEW CERTIFICATE REQUEST", der));

        Assert.True(CertificateSigningRequest.TryParse(pem, out _, out var error), error);
    }

    [Fact]
    public void TryParse_TrailingBytesAfterDer_Refused()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        byte[] der = [.. new CertificateRequest("CN=agent", key, HashAlgorithmName.SHA256).CreateSigningRequest(), 0x00, 0x00];

        var ok = CertificateSigningRequest.TryParse(der, out _, out var error);

        Assert.False(ok);
        Assert.Equal(CertificateSigningRequestErrors.TrailingData, error);
    }

    [Theory]
    [InlineData(new byte[] { 0x01, 0x02, 0x03 })]
    [InlineData(new byte[] { 0x30, 0x03, 0x02, 0x01, 0x00 })]
    [InlineData(new byte[] { 0x30, 0x80, 0x00, 0x00 })]
    public void TryParse_NotACertificationRequest_RefusedAsMalformed(byte[] der)
    {
        var ok = CertificateSigningRequest.TryParse(der, out _, out var error);

        Assert.False(ok);
        Assert.Equal(CertificateSigningRequestErrors.Malformed, error);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void TryParse_Empty_Refused(string? pem)
    {
        var ok = CertificateSigningRequest.TryParse(pem, out _, out var error);

        Assert.False(ok);
        Assert.Equal(CertificateSigningRequestErrors.Empty, error);
    }

    [Fact]
    public void TryParse_NotPem_Refused()
    {
        var ok = CertificateSigningRequest.TryParse("MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA", out _, out var error);

        Assert.False(ok);
        Assert.Equal(CertificateSigningRequestErrors.NoPemBlock, error);
    }

    private static AsymmetricAlgorithm CreateKey(string name) => name switch
    {
        "P-256" => ECDsa.Create(ECCurve.NamedCurves.nistP256),
        "P-384" => ECDsa.Create(ECCurve.NamedCurves.nistP384),
        "P-521" => ECDsa.Create(ECCurve.NamedCurves.nistP521),
        "brainpoolP256r1" => ECDsa.Create(ECCurve.NamedCurves.brainpoolP256r1),
        "RSA-1024" => RSA.Create(1024),
        "RSA-2048" => RSA.Create(2048),
        "RSA-3072" => RSA.Create(3072),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private static string CreateCsrPem(AsymmetricAlgorithm key)
    {
        var request = key switch
        {
            ECDsa ec => new CertificateRequest("CN=agent", ec, ec.KeySize > 384 ? HashAlgorithmName.SHA512 : HashAlgorithmName.SHA256),
            RSA rsa => new CertificateRequest("CN=agent", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
            _ => throw new ArgumentOutOfRangeException(nameof(key)),
        };
        return request.CreateSigningRequestPem();
    }
}
