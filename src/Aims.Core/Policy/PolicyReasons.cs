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

    private static string Name(int index, PolicyRule rule) => $"rule {index} ({rule.Match})";

    private static string List(IEnumerable<string> values) => string.Join(", ", values);
}
