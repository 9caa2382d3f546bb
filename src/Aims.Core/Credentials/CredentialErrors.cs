namespace Aims.Core.Credentials;

/// <summary>Machine-readable error codes of credential validation (JWT-SVID, WIT-SVID, X509-SVID).</summary>
public static class CredentialErrors
{
    public const string Malformed = "malformed";
    public const string TooLarge = "too_large";
    public const string UnsupportedAlgorithm = "unsupported_algorithm";
    public const string WrongType = "wrong_type";
    public const string UnknownKid = "unknown_kid";
    public const string BadSignature = "bad_signature";
    public const string MissingClaim = "missing_claim";
    public const string ForbiddenClaim = "forbidden_claim";
    public const string WrongTrustDomain = "wrong_trust_domain";
    public const string WrongAudience = "wrong_audience";
    public const string Expired = "expired";
    public const string NotYetValid = "not_yet_valid";
    public const string UntrustedChain = "untrusted_chain";
    public const string NotSvid = "not_svid";
    public const string Revoked = "revoked";

    /// <summary>A proof whose <c>jti</c> was already used (draft-ietf-wimse-wpt §2, replay protection).</summary>
    public const string Replayed = "replayed";

    /// <summary>A token hash (<c>wth</c>, <c>ath</c>, <c>tth</c>, <c>oth</c>) that does not match the token the request carries.</summary>
    public const string HashMismatch = "hash_mismatch";

    /// <summary>A proof valid for longer than the recipient accepts (draft-ietf-wimse-wpt §2: "unreasonably far in the future").</summary>
    public const string LifetimeTooLong = "lifetime_too_long";
}
