using Aims.Core.Identity;

namespace Aims.Core.Policy;

/// <summary>Every <see cref="PolicyDecision.Reason"/> text; each names the rule by index and pattern.</summary>
internal static class PolicyReasons
{
    public static string NoRuleMatches(SpiffeId id, int ruleCount) =>
        $"no rule matches {id} (checked {ruleCount} {(ruleCount == 1 ? "rule" : "rules")}); an ID no rule matches is denied";

    public static string Allowed(int index, PolicyRule rule, SpiffeId id) =>
        $"{Name(index, rule)} matches {id} and allows the request";

    public static string NoAttestation(int index, PolicyRule rule) =>
        $"{Name(index, rule)} requires attestation, but none was presented; allowed: {List(rule.Attestation.Allowed)}";

    public static string AttestationNotAllowed(int index, PolicyRule rule, string type) =>
        $"{Name(index, rule)} does not allow attestation type '{type}'; allowed: {List(rule.Attestation.Allowed)}";

    public static string AttestationMissing(int index, PolicyRule rule, string type, IEnumerable<string> presented) =>
        $"{Name(index, rule)} requires attestation type '{type}', which was not presented; presented: {List(presented)}";

    public static string AudienceEmpty(int index, PolicyRule rule) =>
        $"an empty audience is not allowed by {Name(index, rule)}";

    public static string AudienceNotAllowed(int index, PolicyRule rule, string audience) =>
        $"audience '{audience}' is not allowed by {Name(index, rule)}; allowed: "
        + (rule.Audiences.Count == 0 ? "none (the rule allows no JWT-SVID audiences)" : List(rule.Audiences));

    public static string NoOAuthSection(int index, PolicyRule rule) =>
        $"{Name(index, rule)} grants no access tokens: it has no oauth section";

    public static string OAuthGrantsNothing(int index, PolicyRule rule) =>
        $"{Name(index, rule)} grants no access tokens: its oauth section allows no scopes and no resources";

    public static string ScopeInvalid(int index, PolicyRule rule, string scope) =>
        $"scope '{scope}' is not a valid scope token (RFC 6749 §3.3) and is not allowed by {Name(index, rule)}";

    public static string ScopesNotAllowed(int index, PolicyRule rule, IEnumerable<string> requested) =>
        $"none of the requested scopes {Quoted(requested)} is allowed by {Name(index, rule)}; allowed: "
        + (rule.OAuth is { Scopes.Count: > 0 } oauth ? List(oauth.Scopes) : "none (the rule allows no scopes)");

    public static string ResourceEmpty(int index, PolicyRule rule) =>
        $"an empty resource is not allowed by {Name(index, rule)}";

    public static string ResourceNotAllowed(int index, PolicyRule rule, string resource) =>
        $"resource '{resource}' is not allowed by {Name(index, rule)}; allowed: "
        + (rule.OAuth is { Resources.Count: > 0 } oauth ? List(oauth.Resources) : "none (the rule allows no resources)");

    public static string DelegationNotAllowed(int index, PolicyRule rule, int depth) =>
        $"{Name(index, rule)} does not allow delegation, but the token would carry an act chain of depth {depth}";

    public static string DelegationTooDeep(int index, PolicyRule rule, int depth, int maxDepth) =>
        $"an act chain of depth {depth} exceeds the max_depth {maxDepth} of {Name(index, rule)}";

    public static string ImpersonationNotAllowed(int index, PolicyRule rule) =>
        $"{Name(index, rule)} does not allow impersonation";

    public static string UserEmpty(int index, PolicyRule rule) =>
        $"an empty user is not allowed by {Name(index, rule)}";

    public static string UserNotAllowed(int index, PolicyRule rule, string user) =>
        $"user '{user}' may not delegate under {Name(index, rule)}; allowed: "
        + (rule.OAuth is { Users.Count: > 0 } oauth ? List(oauth.Users) : "none (the rule allows no user delegation)");

    public static string TokenAllowed(int index, PolicyRule rule, SpiffeId id, IReadOnlyCollection<string> granted, IReadOnlyCollection<string> dropped) =>
        $"{Name(index, rule)} matches {id} and allows an access token with "
        + (granted.Count == 0 ? "no scopes" : $"scopes {List(granted)}")
        + (dropped.Count == 0 ? string.Empty : $"; dropped scopes it does not allow: {List(dropped)}");

    private static string Name(int index, PolicyRule rule) => $"rule {index} ({rule.Match})";

    private static string List(IEnumerable<string> values) => string.Join(", ", values);

    private static string Quoted(IEnumerable<string> values) => string.Join(", ", values.Select(value => $"'{value}'"));
}
