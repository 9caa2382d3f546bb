using System.Numerics;
using System.Security.Cryptography.X509Certificates;
using Aims.Core.Authority;
using Aims.Core.Revocation;
using Aims.Core.Tests.Credentials;
using Aims.Testing;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;

namespace Aims.Core.Tests.Revocation;

public sealed class CrlWriterTests
{
    private static readonly DateTimeOffset Now = X509TestAuthority.Now.AddMilliseconds(750);

    [Fact]
    public void Write_TwoEntries_IsSignedByTheCaWithIssuerNumberAkiAndTimes()
    {
        using var ca = X509TestAuthority.CreateRoot();
        var compromised = new RevokedCertificate("0a11", Now.AddMinutes(-5), RevocationReason.KeyCompromise, Now.AddHours(1));
        var unspecified = new RevokedCertificate("7f00ee", Now.AddMinutes(-1), RevocationReason.Unspecified, Now.AddHours(1));

        var der = CrlWriter.Write(ca, [unspecified, compromised], 42, Now, Now.AddHours(1));

        var crl = new X509CrlParser().ReadCrl(der);
        var caCertificate = new X509CertificateParser().ReadCertificate(ca.Certificate.RawData);
        crl.Verify(caCertificate.GetPublicKey());
        Assert.Equal(2, crl.Version);
        Assert.Equal("1.2.840.10045.4.3.2", crl.SigAlgOid);
        Assert.Equal(caCertificate.SubjectDN, crl.IssuerDN);
        Assert.Equal(Now.UtcDateTime.AddMilliseconds(-750), crl.ThisUpdate);
        Assert.Equal(Now.UtcDateTime.AddMilliseconds(-750).AddHours(1), crl.NextUpdate);
        Assert.Equal(42, DerInteger.GetInstance(Asn1Object.FromByteArray(crl.GetExtensionValue(X509Extensions.CrlNumber).GetOctets())).IntValueExact);
        var aki = AuthorityKeyIdentifier.GetInstance(Asn1Object.FromByteArray(crl.GetExtensionValue(X509Extensions.AuthorityKeyIdentifier).GetOctets()));
        var ski = ca.Certificate.Extensions.OfType<X509SubjectKeyIdentifierExtension>().Single().SubjectKeyIdentifierBytes.ToArray();
        Assert.Equal(ski, aki.KeyIdentifier.GetOctets());

        var entries = crl.GetRevokedCertificates().ToDictionary(e => e.SerialNumber.ToString(16));
        Assert.Equal(["7f00ee", "a11"], entries.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(compromised.RevokedAt.UtcDateTime.AddMilliseconds(-750), entries["a11"].RevocationDate);
        Assert.Equal(1, CrlReason.GetInstance(Asn1Object.FromByteArray(entries["a11"].GetExtensionValue(X509Extensions.ReasonCode).GetOctets())).IntValueExact);
        Assert.Null(entries["7f00ee"].GetExtensionValue(X509Extensions.ReasonCode));
    }

    [Fact]
    public void Write_NoEntries_IsAnEmptyCrlTheBclReadsBack()
    {
        using var ca = X509TestAuthority.CreateRoot();

        var der = CrlWriter.Write(ca, [], 7, Now, Now.AddMinutes(30));

        CertificateRevocationListBuilder.Load(der, out var number);
        Assert.Equal(new BigInteger(7), number);
        Assert.Null(new X509CrlParser().ReadCrl(der).GetRevokedCertificates());
    }

    [Fact]
    public void Write_NextUpdateNotAfterThisUpdate_Throws()
    {
        using var ca = X509TestAuthority.CreateRoot();

        Assert.Throws<ArgumentException>(() => CrlWriter.Write(ca, [], 1, Now, Now));
    }

    [Fact]
    public async Task Write_IntermediateCa_OpenSslVerifiesTheCrlAgainstThatCa()
    {
        using var root = X509TestAuthority.CreateRoot();
        using var ca = X509TestAuthority.CreateIntermediate(root);
        using var dir = ExternalTool.CreateTempDirectory();
        var der = CrlWriter.Write(ca, [new RevokedCertificate("1234", Now, RevocationReason.Superseded, Now.AddHours(1))], 3, Now, Now.AddHours(1));
        await File.WriteAllBytesAsync(dir.File("crl.der"), der);
        await File.WriteAllTextAsync(dir.File("ca.pem"), ca.Certificate.ExportCertificatePem() + "\n");

        var result = await ExternalTool.OpenSslAsync(dir.Path, "crl", "-inform", "DER", "-in", "crl.der", "-CAfile", "ca.pem", "-noout", "-text");

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("verify OK", result.StdErr + result.StdOut, StringComparison.Ordinal);
        Assert.Contains("Serial Number: 1234", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("Superseded", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("X509v3 CRL Number", result.StdOut, StringComparison.Ordinal);
    }
}
