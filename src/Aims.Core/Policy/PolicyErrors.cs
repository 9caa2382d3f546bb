using System.Text.Json;

namespace Aims.Core.Policy;

/// <summary>
/// Every error text of policy parsing. Each names the JSON path of the offending value (e.g. <c>rules[2].match</c>)
/// and says what would be accepted, so the author can fix the document without reading code.
/// </summary>
public static class PolicyErrors
{
    public const string PatternEmpty = "SPIFFE ID pattern is empty.";

    public const string PatternWildcardTrustDomain =
        "SPIFFE ID pattern cannot wildcard the trust domain; \"*\" and \"**\" match path segments only (SPIFFE-ID §4).";

    public const string PatternDoubleWildcardNotLast =
        "SPIFFE ID pattern may use \"**\" only as its last path segment.";

    public static string PatternPartialWildcard(string segment) =>
        $"SPIFFE ID pattern segment '{segment}' mixes \"*\" with other characters; a wildcard must be a whole segment (\"*\" or a final \"**\").";

    public static string DocumentTooLarge(int bytes) =>
        $"policy document is {bytes} bytes; the limit is {PolicyLimits.MaxDocumentBytes} bytes (64 KiB).";

    public static string InvalidJson(string detail) => $"policy document is not valid JSON: {detail}";

    public static string WrongType(string path, string expected, JsonValueKind actual) =>
        $"{Name(path)} must be {expected}; got {Describe(actual)}.";

    public static string InvalidString(string path) =>
        $"{Name(path)} contains an invalid UTF-16 escape (an unpaired surrogate).";

    public static string UnknownMember(string path, IEnumerable<string> known) =>
        $"{path} is not a known member; known members here: {string.Join(", ", known)}.";

    public static string DuplicateMember(string path) => $"{path} appears more than once.";

    public static string MissingMember(string path) => $"{path} is required.";

    public static string TooManyRules(int count) =>
        $"{PolicyJsonNames.Rules} has {count} rules; the limit is {PolicyLimits.MaxRules}.";

    public static string Empty(string path) => $"{path} must not be empty.";

    public static string InvalidPattern(string path, string detail) =>
        $"{path} is not a valid SPIFFE ID pattern: {detail}";

    public static string TtlNotWholeSeconds(string path, string rawValue) =>
        $"{path} must be a whole number of seconds; got {rawValue}.";

    public static string TtlOutOfRange(string path, TimeSpan min, TimeSpan max, long seconds) =>
        $"{path} must be between {(long)min.TotalSeconds} and {(long)max.TotalSeconds}; got {seconds}.";

    public static string DuplicateValue(string path, string value) => $"{path} lists '{value}' more than once.";

    public static string InvalidAttestationType(string path, string value) =>
        $"{path} '{value}' is not an attestation type name; use 1 to {PolicyLimits.MaxAttestationTypeLength} characters of a-z, 0-9, '_', '-' and '.'.";

    public static string RequiredNotAllowed(string path, string type, string allowedPath) =>
        $"{path} requires '{type}', which {allowedPath} does not allow, so the rule could never be satisfied.";

    public static string AudienceWildcardNotLast(string path, string value) =>
        $"{path} '{value}' has \"*\" before its end; \"*\" is only allowed as the last character (a prefix match).";

    public static string TooManyValues(string path, int count, int max) =>
        $"{path} has {count} entries; the limit is {max}.";

    public static string InvalidScope(string path, string value) =>
        $"{path} '{value}' is not a scope token; use one or more printable ASCII characters other than space, '\"' and '\\' (RFC 6749 §3.3).";

    public static string UserWildcardNotAlone(string path, string value) =>
        $"{path} '{value}' contains \"*\"; \"*\" is only allowed as a whole entry, meaning any user.";

    public static string UserGroupEmpty(string path) =>
        $"{path} '{PolicyDefaults.UserGroupPrefix}' names no group; write {PolicyDefaults.UserGroupPrefix}name.";

    public static string NotWholeNumber(string path, string rawValue) => $"{path} must be a whole number; got {rawValue}.";

    public static string NumberOutOfRange(string path, long min, long max, long value) =>
        $"{path} must be between {min} and {max}; got {value}.";

    public static string ImpersonationWithoutDelegation(string path, string allowedPath) =>
        $"{path} is true, but {allowedPath} is false; impersonation is a form of delegation, so allow delegation too or drop impersonation.";

    public static string MayActNotSpiffeId(string path, string value, string detail) =>
        $"{path} '{value}' is not a SPIFFE ID: {detail}; may_act lists the exact SPIFFE IDs of agents that may act for this one (RFC 8693 §4.4).";

    public static string MayActWildcard(string path, string value) =>
        $"{path} '{value}' contains \"*\"; may_act names exact SPIFFE IDs, since each one is a party the subject trusts to act for it.";

    public const string NotReadBackEqual = "policy document does not read back equal to itself from its JSON.";

    private static string Name(string path) => path.Length == 0 ? "the policy document" : path;

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };
}
