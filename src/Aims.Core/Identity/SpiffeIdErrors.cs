namespace Aims.Core.Identity;

/// <summary>Every error text of SPIFFE ID and trust domain parsing, each naming the SPIFFE-ID rule broken.</summary>
public static class SpiffeIdErrors
{
    public const string Empty = "SPIFFE ID is empty (SPIFFE-ID §2).";
    public const string TooLong = "SPIFFE ID is longer than 2048 bytes (SPIFFE-ID §2.3).";
    public const string WrongScheme = "SPIFFE ID must start with the scheme \"spiffe://\" (SPIFFE-ID §2).";
    public const string SchemeNotLowercase = "SPIFFE ID scheme must be lowercase \"spiffe\" (SPIFFE-ID §2).";
    public const string MissingTrustDomain = "SPIFFE ID trust domain is missing (SPIFFE-ID §2.1).";
    public const string TrustDomainTooLong = "trust domain is longer than 255 bytes (SPIFFE-ID §2.3).";
    public const string TrustDomainNotLowercase = "trust domain must be lowercase (SPIFFE-ID §2.1).";
    public const string UserInfo = "SPIFFE ID must not contain user info (SPIFFE-ID §2.1).";
    public const string Port = "SPIFFE ID must not contain a port (SPIFFE-ID §2.1).";
    public const string Query = "SPIFFE ID must not contain a query (SPIFFE-ID §2).";
    public const string Fragment = "SPIFFE ID must not contain a fragment (SPIFFE-ID §2).";
    public const string PercentEncoded = "SPIFFE ID must not contain percent-encoded characters (SPIFFE-ID §2.1, §2.2).";
    public const string TrailingSlash = "SPIFFE ID path must not end with \"/\" (SPIFFE-ID §2.2).";
    public const string EmptySegment = "SPIFFE ID path must not contain an empty segment (\"//\") (SPIFFE-ID §2.2).";
    public const string PathWithoutLeadingSlash = "SPIFFE ID path must be empty or start with \"/\" (SPIFFE-ID §2.2).";
    public const string DotSegment = "SPIFFE ID path must not contain \".\" or \"..\" segments (SPIFFE-ID §2.2).";

    public static string BadTrustDomainChar(char c) =>
        $"trust domain contains {Describe(c)}; only a-z, 0-9, '.', '-' and '_' are allowed (SPIFFE-ID §2.1).";

    public static string BadPathChar(char c) =>
        $"SPIFFE ID path contains {Describe(c)}; segments may use only a-z, A-Z, 0-9, '.', '-' and '_' (SPIFFE-ID §2.2).";

    public static string NotInTrustDomain(string id, string trustDomain) =>
        $"SPIFFE ID {id} is not in the trust domain {trustDomain}; use spiffe://{trustDomain}/… .";

    private static string Describe(char c) =>
        c is >= ' ' and <= '~' ? $"the character '{c}'" : $"the character U+{(int)c:X4}";
}
