namespace Aims.Core.Credentials;

/// <summary>
/// Every detail text of X509-SVID validation, each naming the rule broken. The machine-readable codes are
/// <see cref="CredentialErrors"/>.
/// </summary>
public static class X509SvidErrors
{
    public const string EmptyChain = "The certificate chain is empty; present the X509-SVID leaf first, then its intermediates (X509-SVID §5).";
    public const string NotDer = "A certificate is not a DER-encoded X.509 certificate (RFC 5280 §4.1).";
    public const string AlgorithmMismatch = "A certificate's inner and outer signature algorithms differ (RFC 5280 §4.1.1.2).";
    public const string BadExtension = "A certificate extension cannot be decoded (RFC 5280 §4.2).";
    public const string BadSubjectAlternativeName = "The subjectAltName extension cannot be decoded (RFC 5280 §4.2.1.6).";
    public const string NoUriSan = "The leaf has no URI SAN; an X509-SVID carries its SPIFFE ID as exactly one URI SAN (X509-SVID §2).";
    public const string SeveralUriSans = "The leaf has more than one URI SAN; an X509-SVID must carry exactly one (X509-SVID §2, §5.2).";
    public const string RootPathLeaf = "The leaf's SPIFFE ID has no path; leaf SVIDs must have a non-root path (X509-SVID §3.1, §5.2).";
    public const string LeafIsCertificateAuthority = "The leaf has cA=true; leaf SVIDs must set cA=false (X509-SVID §4.1, §5.2).";
    public const string LeafWithoutKeyUsage = "The leaf has no key usage extension; it must be present and critical (X509-SVID §4.3).";
    public const string LeafKeyUsageNotCritical = "The leaf's key usage extension is not critical; it must be (X509-SVID §4.3).";
    public const string LeafWithoutDigitalSignature = "The leaf's key usage lacks digitalSignature; leaf SVIDs must set it (X509-SVID §4.3).";
    public const string LeafWithKeyCertSign = "The leaf's key usage sets keyCertSign; leaf SVIDs must not (X509-SVID §4.3, §5.2).";
    public const string LeafWithCrlSign = "The leaf's key usage sets cRLSign; leaf SVIDs must not (X509-SVID §4.3, §5.2).";
    public const string LeafExtendedKeyUsage = "The leaf's extended key usage lacks id-kp-serverAuth or id-kp-clientAuth; when present it must include both (X509-SVID §4.4).";
    public const string EmptyBundle = "The X.509 bundle has no authorities, so no X509-SVID of its trust domain can be trusted (X509-SVID §6).";

    public static string NotSpiffeId(string uri, string reason) =>
        $"The leaf's URI SAN \"{uri}\" is not a SPIFFE ID: {reason}";

    public static string ChainTooLong(int count, int max) =>
        $"The chain has {count} certificates; at most {max} are accepted. Present the leaf and the intermediates up to the trust domain's authority only.";

    public static string DuplicateExtension(string oid) =>
        $"A certificate has two {oid} extensions; each extension may appear once (RFC 5280 §4.2).";

    public static string WrongTrustDomain(string id, string expected) =>
        $"The leaf's SPIFFE ID {id} is not in the trust domain {expected} of this bundle; validate it with the bundle of its own trust domain (SPIFFE Federation §4.2).";

    public static string Expired(int position, DateTimeOffset notAfter) =>
        $"{Describe(position)} expired at {notAfter:O}.";

    public static string NotYetValid(int position, DateTimeOffset notBefore) =>
        $"{Describe(position)} is not valid before {notBefore:O}.";

    public static string AuthorityExpired(string subject, DateTimeOffset notAfter) =>
        $"The bundle authority \"{subject}\" expired at {notAfter:O}; refresh the trust bundle.";

    public static string AuthorityNotYetValid(string subject, DateTimeOffset notBefore) =>
        $"The bundle authority \"{subject}\" is not valid before {notBefore:O}.";

    public static string UnprocessedCriticalExtension(int position, string oid) =>
        $"{Describe(position)} has the critical extension {oid}, which this validator does not process (RFC 5280 §4.2).";

    public static string UnsupportedSignatureAlgorithm(int position, string oid) =>
        $"{Describe(position)} is signed with {oid}; supported are ecdsa-with-SHA256/384/512 and sha256/384/512WithRSAEncryption.";

    public static string BadSignature(int position, string issuer) =>
        $"The signature of {Describe(position).ToLowerInvariant()} does not verify with the public key of \"{issuer}\".";

    public static string UnknownIssuer(int position, string issuer) =>
        $"{Describe(position)} is issued by \"{issuer}\", which is neither an authority of the bundle nor the next certificate in the chain.";

    public static string IntermediateNotCertificateAuthority(int position) =>
        $"{Describe(position)} signs another certificate but is not a CA: signing certificates need cA=true and keyCertSign (X509-SVID §4.1, §4.3).";

    public static string AuthorityNotCertificateAuthority(string subject) =>
        $"The bundle authority \"{subject}\" is not a CA: it needs cA=true and keyCertSign if those extensions are present (X509-SVID §4.1, §4.3).";

    public static string PathLengthExceeded(string subject, int pathLength) =>
        $"\"{subject}\" allows {pathLength} intermediate certificate(s) below it and the chain has more (RFC 5280 §4.2.1.9).";

    private static string Describe(int position) => position == 0 ? "The leaf" : $"Certificate {position} of the chain";
}
