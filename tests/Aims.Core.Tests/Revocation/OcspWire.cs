using Aims.Core.Authority;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Ocsp;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Ocsp;
using Org.BouncyCastle.X509;
using BigInteger = Org.BouncyCastle.Math.BigInteger;

namespace Aims.Core.Tests.Revocation;

/// <summary>OCSP requests as a client builds them and responses as a client reads them, with BouncyCastle.</summary>
internal static class OcspWire
{
    public const string Sha1 = "1.3.14.3.2.26";

    public const string Sha256 = "2.16.840.1.101.3.4.2.1";

    public static X509Certificate Bc(CertificateAuthority ca) => new X509CertificateParser().ReadCertificate(ca.Certificate.RawData);

    public static CertificateID CertId(CertificateAuthority issuer, string serialHex, string hash = Sha1) =>
        new(new AlgorithmIdentifier(new DerObjectIdentifier(hash), DerNull.Instance), Bc(issuer), new BigInteger(serialHex, 16));

    public static byte[] Request(byte[]? nonce, params CertificateID[] ids)
    {
        var generator = new OcspReqGenerator();
        foreach (var id in ids)
            generator.AddRequest(id);
        if (nonce is not null)
        {
            var extensions = new X509ExtensionsGenerator();
            extensions.AddExtension(OcspObjectIdentifiers.PkixOcspNonce, false, new DerOctetString(nonce));
            generator.SetRequestExtensions(extensions.Generate());
        }

        return generator.Generate().GetEncoded();
    }

    /// <summary>Parses a successful response and checks its signature with <paramref name="signer"/>'s key.</summary>
    public static BasicOcspResp Basic(byte[] response, CertificateAuthority signer)
    {
        var parsed = new OcspResp(response);
        Assert.Equal(OcspRespStatus.Successful, parsed.Status);
        var basic = Assert.IsType<BasicOcspResp>(parsed.GetResponseObject());
        Assert.True(basic.Verify(Bc(signer).GetPublicKey()), "the response signature does not verify with the CA key");
        return basic;
    }

    public static byte[]? Nonce(BasicOcspResp response) =>
        response.GetExtensionValue(OcspObjectIdentifiers.PkixOcspNonce) is { } value
            ? Asn1OctetString.GetInstance(Asn1Object.FromByteArray(value.GetOctets())).GetOctets()
            : null;
}
