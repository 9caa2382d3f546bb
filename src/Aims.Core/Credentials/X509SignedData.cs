using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Aims.Core.Credentials;

/// <summary>
/// The outer shape shared by a certificate (RFC 5280 §4.1.1) and a certification request (RFC 2986 §4):
/// <c>SEQUENCE { toBeSigned, signatureAlgorithm, signature BIT STRING }</c>. Read with <see cref="AsnReader"/>
/// and verified with the issuer's public key directly, so that no <see cref="X509Chain"/> is needed.
/// </summary>
internal readonly struct X509SignedData
{
    private X509SignedData(ReadOnlyMemory<byte> toBeSigned, ReadOnlyMemory<byte> algorithm, string algorithmOid, ReadOnlyMemory<byte> signature)
    {
        ToBeSigned = toBeSigned;
        Algorithm = algorithm;
        AlgorithmOid = algorithmOid;
        Signature = signature;
    }

    /// <summary>The DER of the signed part, header included: the exact bytes the signature covers.</summary>
    public ReadOnlyMemory<byte> ToBeSigned { get; }

    /// <summary>The DER of the outer AlgorithmIdentifier.</summary>
    public ReadOnlyMemory<byte> Algorithm { get; }

    public string AlgorithmOid { get; }

    public ReadOnlyMemory<byte> Signature { get; }

    /// <summary>True for the signature algorithms this code verifies: ECDSA and RSA PKCS#1 v1.5 with SHA-2.</summary>
    public static bool IsSupportedAlgorithm(string oid) => TryGetAlgorithm(oid, out _, out _);

    public static bool TryRead(ReadOnlyMemory<byte> der, out X509SignedData data)
    {
        data = default;
        try
        {
            var outer = new AsnReader(der, AsnEncodingRules.DER);
            var signed = outer.ReadSequence();
            if (outer.HasData)
                return false;

            var toBeSigned = signed.ReadEncodedValue();
            var algorithm = signed.ReadEncodedValue();
            if (!signed.TryReadPrimitiveBitString(out var unusedBits, out var signature) || unusedBits != 0 || signed.HasData)
                return false;

            var algorithmReader = new AsnReader(algorithm, AsnEncodingRules.DER).ReadSequence();
            var oid = algorithmReader.ReadObjectIdentifier();
            if (algorithmReader.HasData && !IsNullParameter(algorithmReader))
                return false;

            data = new X509SignedData(toBeSigned, algorithm, oid, signature);
            return true;
        }
        catch (AsnContentException)
        {
            return false;
        }
    }

    /// <summary>
    /// Verifies the signature with the public key of <paramref name="signer"/>; false when it does not verify or
    /// the key does not fit the algorithm. The key is the one the certificate decoder already holds: importing
    /// the SubjectPublicKeyInfo again would re-validate it at about the cost of another verify.
    /// </summary>
    public bool VerifyWith(X509Certificate2 signer)
    {
        ArgumentNullException.ThrowIfNull(signer);
        return Verify(signer.GetECDsaPublicKey, signer.GetRSAPublicKey);
    }

    /// <summary>
    /// Verifies the signature with the key in a DER SubjectPublicKeyInfo (RFC 5280 §4.1.2.7), for a signer known only
    /// by its DER; false when the key cannot be imported or does not verify.
    /// </summary>
    public bool VerifyWith(ReadOnlyMemory<byte> subjectPublicKeyInfo)
    {
        PublicKey key;
        try
        {
            key = PublicKey.CreateFromSubjectPublicKeyInfo(subjectPublicKeyInfo.Span, out var read);
            if (read != subjectPublicKeyInfo.Length)
                return false;
        }
        catch (CryptographicException)
        {
            return false;
        }

        return Verify(key.GetECDsaPublicKey, key.GetRSAPublicKey);
    }

    private bool Verify(Func<ECDsa?> ecdsaKey, Func<RSA?> rsaKey)
    {
        if (!TryGetAlgorithm(AlgorithmOid, out var hash, out var isEcdsa))
            return false;

        try
        {
            if (isEcdsa)
            {
                using var ecdsa = ecdsaKey();
                return ecdsa is not null
                    && ecdsa.VerifyData(ToBeSigned.Span, Signature.Span, hash, DSASignatureFormat.Rfc3279DerSequence);
            }

            using var rsa = rsaKey();
            return rsa is not null && rsa.VerifyData(ToBeSigned.Span, Signature.Span, hash, RSASignaturePadding.Pkcs1);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static bool TryGetAlgorithm(string oid, out HashAlgorithmName hash, out bool isEcdsa)
    {
        (hash, isEcdsa) = oid switch
        {
            X509Oids.EcdsaWithSha256 => (HashAlgorithmName.SHA256, true),
            X509Oids.EcdsaWithSha384 => (HashAlgorithmName.SHA384, true),
            X509Oids.EcdsaWithSha512 => (HashAlgorithmName.SHA512, true),
            X509Oids.Sha256WithRsaEncryption => (HashAlgorithmName.SHA256, false),
            X509Oids.Sha384WithRsaEncryption => (HashAlgorithmName.SHA384, false),
            X509Oids.Sha512WithRsaEncryption => (HashAlgorithmName.SHA512, false),
            _ => (default, false),
        };
        return hash != default;
    }

    // RFC 8017 Appendix A.2.4: RSA signature algorithms carry NULL parameters.
    private static bool IsNullParameter(AsnReader reader)
    {
        reader.ReadNull();
        return !reader.HasData;
    }
}
