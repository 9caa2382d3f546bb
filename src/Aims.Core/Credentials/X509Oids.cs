namespace Aims.Core.Credentials;

/// <summary>Object identifiers of the X.509 and PKCS#10 structures that X509-SVID issuance and validation read.</summary>
internal static class X509Oids
{
    // RFC 5280 §4.2.1
    public const string SubjectKeyIdentifier = "2.5.29.14";
    public const string KeyUsage = "2.5.29.15";
    public const string SubjectAlternativeName = "2.5.29.17";
    public const string BasicConstraints = "2.5.29.19";
    public const string AuthorityKeyIdentifier = "2.5.29.35";
    public const string ExtendedKeyUsage = "2.5.29.37";

    // RFC 5280 §4.2.1.12
    public const string ServerAuth = "1.3.6.1.5.5.7.3.1";
    public const string ClientAuth = "1.3.6.1.5.5.7.3.2";

    // RFC 5480 §2.1.1, RFC 8017 Appendix A.1
    public const string EcPublicKey = "1.2.840.10045.2.1";
    public const string RsaEncryption = "1.2.840.113549.1.1.1";

    // RFC 5480 §2.1.1.1
    public const string NistP256 = "1.2.840.10045.3.1.7";
    public const string NistP384 = "1.3.132.0.34";

    // RFC 5758 §3.2
    public const string EcdsaWithSha256 = "1.2.840.10045.4.3.2";
    public const string EcdsaWithSha384 = "1.2.840.10045.4.3.3";
    public const string EcdsaWithSha512 = "1.2.840.10045.4.3.4";

    // RFC 8017 Appendix A.2.4
    public const string Sha256WithRsaEncryption = "1.2.840.113549.1.1.11";
    public const string Sha384WithRsaEncryption = "1.2.840.113549.1.1.12";
    public const string Sha512WithRsaEncryption = "1.2.840.113549.1.1.13";
}
