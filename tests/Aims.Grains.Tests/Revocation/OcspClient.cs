using System.Security.Cryptography.X509Certificates;
using Aims.Core.Authority;
using Aims.Grains.Authority;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Oiw;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Ocsp;
using Org.BouncyCastle.X509;
using BigInteger = Org.BouncyCastle.Math.BigInteger;

namespace Aims.Grains.Tests.Revocation;

/// <summary>What a relying party does with BouncyCastle: builds OCSP requests, reads responses and CRLs, checks signatures.</summary>
internal static class OcspClient
{
    public static Org.BouncyCastle.X509.X509Certificate Bc(X509Certificate2 certificate) => new X509CertificateParser().ReadCertificate(certificate.RawData);

    public static byte[] Request(X509Certificate2 issuer, params string[] serialsHex)
    {
        var generator = new OcspReqGenerator();
        foreach (var serial in serialsHex)
            generator.AddRequest(new CertificateID(new AlgorithmIdentifier(OiwObjectIdentifiers.IdSha1, DerNull.Instance), Bc(issuer), new BigInteger(serial, 16)));
        return generator.Generate().GetEncoded();
    }

    /// <summary>The single responses of a successful response whose signature verifies with <paramref name="issuer"/>'s key.</summary>
    public static SingleResp[] Responses(byte[] response, X509Certificate2 issuer)
    {
        var parsed = new OcspResp(response);
        Assert.Equal(OcspRespStatus.Successful, parsed.Status);
        var basic = Assert.IsType<BasicOcspResp>(parsed.GetResponseObject());
        Assert.True(basic.Verify(Bc(issuer).GetPublicKey()), "the OCSP response is not signed by the issuing CA");
        return basic.Responses;
    }

    /// <summary>The CRL, after checking it is signed by <paramref name="issuer"/> and names it as issuer.</summary>
    public static X509Crl Crl(byte[] der, X509Certificate2 issuer)
    {
        var crl = new X509CrlParser().ReadCrl(der);
        crl.Verify(Bc(issuer).GetPublicKey());
        Assert.Equal(Bc(issuer).SubjectDN, crl.IssuerDN);
        return crl;
    }

    public static X509CrlEntry? Entry(X509Crl crl, string serialHex) =>
        crl.GetRevokedCertificates()?.FirstOrDefault(e => e.SerialNumber.Equals(new BigInteger(serialHex, 16)));

    public static int? ReasonCode(X509CrlEntry entry) =>
        entry.GetExtensionValue(X509Extensions.ReasonCode) is { } value
            ? CrlReason.GetInstance(Asn1Object.FromByteArray(value.GetOctets())).IntValueExact
            : null;

    /// <summary>The CA certificate of slot <paramref name="kid"/> as the authority publishes it.</summary>
    public static async Task<X509Certificate2> CaAsync(IGrainFactory grains, Core.Identity.TrustDomain trustDomain, string kid)
    {
        var snapshot = await grains.GetGrain<ITrustDomainAuthorityGrain>(GrainKeys.Authority(trustDomain)).GetSnapshotAsync();
        return X509CertificateLoader.LoadCertificate(snapshot.Keys.Single(k => k.Kind == KeyKind.X509Authority && k.Kid == kid).CertificateDer!);
    }
}
