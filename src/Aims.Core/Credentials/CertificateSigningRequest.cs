using System.Diagnostics.CodeAnalysis;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Aims.Core.Credentials;

/// <summary>
/// A PKCS#10 certification request (RFC 2986) whose signature has been verified with the key it carries, which
/// proves the requester holds the private key (RFC 2986 §3). Only the public key is kept: the subject,
/// attributes and extensions a requester asks for are ignored, because the issuer decides them.
/// </summary>
public sealed class CertificateSigningRequest
{
    /// <summary>Upper bound on the input, PEM text or DER; a P-256 CSR is about 400 bytes of PEM.</summary>
    public const int MaxLength = 16 * 1024;

    /// <summary>NIST SP 800-131A: RSA keys below 2048 bits are disallowed.</summary>
    public const int MinRsaKeySize = 2048;

    /// <summary>Local policy: bounds the work a hostile CSR can cause while admitting every common RSA size.</summary>
    public const int MaxRsaKeySize = 8192;

    private CertificateSigningRequest(PublicKey publicKey, bool isRsa, int keySize)
    {
        PublicKey = publicKey;
        IsRsa = isRsa;
        KeySize = keySize;
    }

    /// <summary>The requester's public key: EC P-256 or P-384, or RSA of <see cref="MinRsaKeySize"/> to <see cref="MaxRsaKeySize"/> bits.</summary>
    public PublicKey PublicKey { get; }

    /// <summary>True for an RSA key, false for an EC key.</summary>
    public bool IsRsa { get; }

    public int KeySize { get; }

    /// <summary>
    /// The requester's public key as a JWK (RFC 7518 §6.2), read straight from the encoded point without importing
    /// it; null for RSA keys. This is the key an agent later signs private_key_jwt client assertions with.
    /// </summary>
    public Jose.JsonWebKey? PublicJwk()
    {
        if (IsRsa)
            return null;

        var point = PublicKey.EncodedKeyValue.RawData;
        var size = (point.Length - 1) / 2;
        if (point.Length < 3 || point[0] != 0x04 || point.Length != 1 + (2 * size))
            return null;

        var curve = size switch { 32 => "P-256", 48 => "P-384", _ => null };
        return curve is null ? null : new Jose.JsonWebKey
        {
            Kty = "EC",
            Crv = curve,
            X = Jose.Base64Url.Encode(point.AsSpan(1, size)),
            Y = Jose.Base64Url.Encode(point.AsSpan(1 + size, size)),
        };
    }

    /// <summary>Parses exactly one PEM <c>CERTIFICATE REQUEST</c> block, with nothing but whitespace around it.</summary>
    public static bool TryParse(
        string? pem,
        [NotNullWhen(true)] out CertificateSigningRequest? csr,
        [NotNullWhen(false)] out string? error)
    {
        csr = null;
        if (string.IsNullOrWhiteSpace(pem))
            return Refuse(CertificateSigningRequestErrors.Empty, out error);
        if (pem.Length > MaxLength)
            return Refuse(CertificateSigningRequestErrors.TooLarge(pem.Length, MaxLength), out error);
        if (!PemEncoding.TryFind(pem, out var fields))
            return Refuse(CertificateSigningRequestErrors.NoPemBlock, out error);

        // RFC 7468 §7: "NEW CERTIFICATE REQUEST" is the legacy label some tools still write.
        var label = pem.AsSpan()[fields.Label];
        if (label is not ("CERTIFICATE REQUEST" or "NEW CERTIFICATE REQUEST"))
            return Refuse(CertificateSigningRequestErrors.WrongPemLabel(label.ToString()), out error);

        var (start, length) = fields.Location.GetOffsetAndLength(pem.Length);
        var after = pem.AsSpan(start + length);
        if (after.Contains("-----BEGIN", StringComparison.Ordinal))
            return Refuse(CertificateSigningRequestErrors.SeveralPemBlocks, out error);
        if (!pem.AsSpan(0, start).IsWhiteSpace() || !after.IsWhiteSpace())
            return Refuse(CertificateSigningRequestErrors.TextAroundPem, out error);

        var der = new byte[fields.DecodedDataLength];
        if (!Convert.TryFromBase64Chars(pem.AsSpan()[fields.Base64Data], der, out var written) || written != der.Length)
            return Refuse(CertificateSigningRequestErrors.NoPemBlock, out error);

        return TryParse(der, out csr, out error);
    }

    /// <summary>Parses exactly one DER CertificationRequest, verifying its signature.</summary>
    public static bool TryParse(
        ReadOnlyMemory<byte> der,
        [NotNullWhen(true)] out CertificateSigningRequest? csr,
        [NotNullWhen(false)] out string? error)
    {
        csr = null;
        if (der.IsEmpty)
            return Refuse(CertificateSigningRequestErrors.Empty, out error);
        if (der.Length > MaxLength)
            return Refuse(CertificateSigningRequestErrors.TooLarge(der.Length, MaxLength), out error);
        if (!AsnDecoder.TryReadEncodedValue(der.Span, AsnEncodingRules.DER, out _, out _, out _, out var consumed))
            return Refuse(CertificateSigningRequestErrors.Malformed, out error);
        if (consumed != der.Length)
            return Refuse(CertificateSigningRequestErrors.TrailingData, out error);
        if (!X509SignedData.TryRead(der, out var signed))
            return Refuse(CertificateSigningRequestErrors.Malformed, out error);
        if (!X509SignedData.IsSupportedAlgorithm(signed.AlgorithmOid))
            return Refuse(CertificateSigningRequestErrors.UnsupportedSignatureAlgorithm(signed.AlgorithmOid), out error);

        CertificateRequest request;
        try
        {
            // RFC 2986 §3: the default load options verify the signature with the enclosed public key.
            request = CertificateRequest.LoadSigningRequest(der.Span, HashAlgorithmName.SHA256, out _, CertificateRequestLoadOptions.Default);
        }
        catch (CryptographicException)
        {
            return Refuse(IsWellFormed(der.Span) ? CertificateSigningRequestErrors.BadSignature : CertificateSigningRequestErrors.Malformed, out error);
        }

        error = CheckKey(request.PublicKey, out var isRsa, out var keySize);
        if (error is not null)
            return false;

        csr = new CertificateSigningRequest(request.PublicKey, isRsa, keySize);
        return true;
    }

    private static string? CheckKey(PublicKey key, out bool isRsa, out int keySize)
    {
        isRsa = false;
        keySize = 0;
        switch (key.Oid.Value)
        {
            case X509Oids.EcPublicKey:
                // RFC 5480 §2.1.1: namedCurve is an OBJECT IDENTIFIER; anything else is explicit parameters.
                string curve;
                try
                {
                    curve = AsnDecoder.ReadObjectIdentifier(key.EncodedParameters?.RawData, AsnEncodingRules.DER, out _);
                }
                catch (AsnContentException)
                {
                    return CertificateSigningRequestErrors.ExplicitCurve;
                }

                keySize = curve switch
                {
                    X509Oids.NistP256 => 256,
                    X509Oids.NistP384 => 384,
                    _ => 0,
                };
                return keySize == 0 ? CertificateSigningRequestErrors.UnsupportedCurve(curve) : null;

            case X509Oids.RsaEncryption:
                isRsa = true;
                using (var rsa = key.GetRSAPublicKey())
                    keySize = rsa?.KeySize ?? 0;
                return keySize is >= MinRsaKeySize and <= MaxRsaKeySize
                    ? null
                    : CertificateSigningRequestErrors.RsaKeySize(keySize, MinRsaKeySize, MaxRsaKeySize);

            default:
                return CertificateSigningRequestErrors.UnsupportedKeyType;
        }
    }

    private static bool IsWellFormed(ReadOnlySpan<byte> der)
    {
        try
        {
            CertificateRequest.LoadSigningRequest(der, HashAlgorithmName.SHA256, out _, CertificateRequestLoadOptions.SkipSignatureValidation);
            return true;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static bool Refuse(string reason, out string error)
    {
        error = reason;
        return false;
    }
}
