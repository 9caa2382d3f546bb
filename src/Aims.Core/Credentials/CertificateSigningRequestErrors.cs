namespace Aims.Core.Credentials;

/// <summary>Every error text of PKCS#10 parsing, each telling the caller what to fix.</summary>
public static class CertificateSigningRequestErrors
{
    public const string Empty = "The CSR is empty; send one PKCS#10 CertificationRequest, PEM (\"CERTIFICATE REQUEST\") or DER (RFC 2986 §4).";
    public const string NoPemBlock = "The CSR is not PEM: expected one \"-----BEGIN CERTIFICATE REQUEST-----\" block (RFC 7468 §7).";
    public const string TextAroundPem = "The CSR PEM has text before or after the CERTIFICATE REQUEST block; send the block alone (RFC 7468 §7).";
    public const string SeveralPemBlocks = "The CSR PEM holds more than one block; send exactly one CERTIFICATE REQUEST (RFC 7468 §7).";
    public const string Malformed = "The CSR is not a DER-encoded PKCS#10 CertificationRequest (RFC 2986 §4).";
    public const string TrailingData = "The CSR has bytes after the CertificationRequest; send exactly one DER structure (RFC 2986 §4).";
    public const string BadSignature = "CSR signature does not verify; the CSR must be signed with the private key it carries (RFC 2986 §3).";
    public const string ExplicitCurve = "The CSR's EC key uses explicit curve parameters; use the named curve P-256 or P-384 (RFC 5480 §2.1.1).";
    public const string UnsupportedKeyType = "The CSR's key is neither EC nor RSA; use an EC P-256 or P-384 key, or RSA of 2048 bits or more.";

    public static string TooLarge(int length, int maximum) =>
        $"The CSR is {length} bytes; at most {maximum} are accepted.";

    public static string WrongPemLabel(string label) =>
        $"The PEM block is \"{label}\"; a CSR is a \"CERTIFICATE REQUEST\" block (RFC 7468 §7).";

    public static string UnsupportedSignatureAlgorithm(string oid) =>
        $"The CSR is signed with {oid}; sign it with ecdsa-with-SHA256/384/512 or sha256/384/512WithRSAEncryption.";

    public static string UnsupportedCurve(string oid) =>
        $"The CSR's EC key is on curve {oid}; use P-256 (prime256v1) or P-384 (secp384r1).";

    public static string RsaKeySize(int bits, int minimum, int maximum) =>
        $"The CSR's RSA key has {bits} bits; use {minimum} to {maximum} bits, or an EC P-256 key.";
}
