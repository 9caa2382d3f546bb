using Aims.Core.Identity;

namespace Aims.Core.Policy;

public static partial class PolicyEvaluator
{
    /// <summary>
    /// The scope ceiling the policy sets for <paramref name="agent"/>: the <c>oauth.scopes</c> of the first rule that
    /// matches it, space-delimited as in a token (RFC 6749 §3.3), with "*" shown as such (any scope). Empty when that
    /// rule allows no scope; null when no rule matches or the rule grants no access tokens at all.
    /// </summary>
    public static string? ScopeCeiling(PolicyDocument policy, SpiffeId agent) =>
        FirstMatch(policy, agent)?.OAuth is { } oauth ? string.Join(' ', oauth.Scopes) : null;

    /// <summary>
    /// The agents the policy lets act for <paramref name="subject"/> in a token exchange: the
    /// <c>oauth.delegation.may_act</c> of the first rule that matches it (RFC 8693 §4.4). Empty when the rule names
    /// none, has no oauth section, or no rule matches: then the policy does not restrict who acts for the subject.
    /// </summary>
    public static IReadOnlyList<SpiffeId> PermittedActors(PolicyDocument policy, SpiffeId subject) =>
        FirstMatch(policy, subject)?.OAuth?.Delegation.MayAct ?? [];

    private static PolicyRule? FirstMatch(PolicyDocument policy, SpiffeId id)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(id);
        foreach (var rule in policy.Rules)
        {
            if (rule.Match.Matches(id))
                return rule;
        }

        return null;
    }
}
