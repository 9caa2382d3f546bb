using Aims.Core.OAuth;

namespace Aims.Core.Policy;

/// <summary>
/// Identity chaining decisions (draft-ietf-oauth-identity-chaining §2.3: the authorization server of the client's domain
/// decides whether it issues a JWT authorization grant for another domain's authorization server): the first rule whose
/// pattern matches the client applies; it must have an <c>oauth.chaining</c> section that lists the partner, and the
/// grant's scope stays within both the subject token's scope and the section's ceiling (draft §2.5 "downscoping").
/// </summary>
public static partial class PolicyEvaluator
{
    public static ChainingPolicyDecision EvaluateChaining(PolicyDocument policy, ChainingPolicyRequest request)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Client);
        ArgumentException.ThrowIfNullOrEmpty(request.Partner);
        ArgumentNullException.ThrowIfNull(request.RequestedScopes);
        ArgumentNullException.ThrowIfNull(request.SubjectScopes);

        for (var index = 0; index < policy.Rules.Count; index++)
        {
            var rule = policy.Rules[index];
            if (rule.Match.Matches(request.Client))
                return DecideChaining(rule, index, request);
        }

        return DenyChaining(TokenDenial.NotAuthorized, PolicyReasons.NoRuleMatches(request.Client, policy.Rules.Count), null);
    }

    private static ChainingPolicyDecision DecideChaining(PolicyRule rule, int index, ChainingPolicyRequest request)
    {
        var name = $"rule {index} ({rule.Match})";
        if (rule.OAuth?.Chaining is not { } chaining)
            return DenyChaining(TokenDenial.NotAuthorized, $"{name} grants no JWT authorization grants for other domains: it has no oauth.chaining section", index);

        if (!chaining.Partners.Any(pattern => AudienceMatches(pattern, request.Partner)))
        {
            return DenyChaining(TokenDenial.Resource,
                $"{name} lets {request.Client} obtain grants for {string.Join(", ", chaining.Partners)} only (oauth.chaining.partners), not for {request.Partner}", index);
        }

        // RFC 8693 §2.1 and draft §2.5: a grant never carries more than the subject token.
        var asked = request.RequestedScopes.IsEmpty ? request.SubjectScopes : request.RequestedScopes;
        var widened = asked.Where(scope => !request.SubjectScopes.Contains(scope)).ToList();
        if (widened.Count > 0)
        {
            return DenyChaining(TokenDenial.Scope,
                $"scope {string.Join(' ', widened)} is not in the subject token ('{request.SubjectScopes}'); a grant can only narrow scope", index);
        }

        var anyScope = chaining.Scopes.Contains(PolicyDefaults.AnyScope, StringComparer.Ordinal);
        var beyond = anyScope ? [] : asked.Where(scope => !chaining.Scopes.Contains(scope, StringComparer.Ordinal)).ToList();
        if (beyond.Count > 0 && !request.RequestedScopes.IsEmpty)
        {
            return DenyChaining(TokenDenial.Scope,
                $"{name} lets {request.Client} carry at most '{string.Join(' ', chaining.Scopes)}' to {request.Partner} (oauth.chaining.scopes); not {string.Join(' ', beyond)}", index);
        }

        var granted = anyScope ? asked : ScopeSet.Create(asked.Where(scope => chaining.Scopes.Contains(scope, StringComparer.Ordinal)));
        if (granted.IsEmpty && !asked.IsEmpty)
        {
            return DenyChaining(TokenDenial.Scope,
                $"none of the subject token's scope '{asked}' may be carried to {request.Partner}: {name} allows '{string.Join(' ', chaining.Scopes)}' (oauth.chaining.scopes)", index);
        }

        return new ChainingPolicyDecision(true, $"{name} matches {request.Client} and allows grants for {request.Partner} with scope '{granted}'",
            TokenDenial.None, granted, index);
    }

    private static ChainingPolicyDecision DenyChaining(TokenDenial denial, string reason, int? index) =>
        new(false, reason, denial, ScopeSet.Empty, index);
}
