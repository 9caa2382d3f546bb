using System.Collections.ObjectModel;

namespace Aims.Core.Policy;

/// <summary>
/// Access token decisions: the first rule whose pattern matches the client applies; a rule without an <c>oauth</c>
/// section grants no access tokens. Its checks run in order and the first that fails denies; otherwise the granted
/// scopes are the requested ones the rule allows (RFC 6749 §3.3 lets the server issue a narrower scope than asked).
/// </summary>
public static partial class PolicyEvaluator
{
    private delegate string? TokenCheck(PolicyRule rule, OAuthRule oauth, int index, TokenPolicyRequest request);

    private static readonly (TokenDenial Kind, TokenCheck Check)[] TokenChecks =
    [
        (TokenDenial.NotAuthorized, RequireSomethingToGrant),
        (TokenDenial.Scope, RequireValidScopeTokens),
        (TokenDenial.Scope, AllowSomeRequestedScope),
        (TokenDenial.Resource, AllowOnlyListedResources),
        (TokenDenial.Delegation, AllowOnlyPermittedDelegation),
        (TokenDenial.Delegation, AllowOnlyPermittedImpersonation),
        (TokenDenial.User, AllowOnlyListedUsers),
    ];

    private static readonly ReadOnlyCollection<string> NoScopes = ReadOnlyCollection<string>.Empty;

    /// <summary>
    /// Decides an access token request. A request that names no scope grants no scope: it is allowed, with empty
    /// <see cref="TokenPolicyDecision.GrantedScopes"/>, when the rule's <c>oauth</c> section allows some scope or
    /// resource and every other check passes; a default scope, if any, is the token endpoint's choice, not the policy's.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="TokenPolicyRequest.ActorDepth"/> is negative.</exception>
    public static TokenPolicyDecision EvaluateToken(PolicyDocument policy, TokenPolicyRequest request)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Client);
        ArgumentNullException.ThrowIfNull(request.RequestedScopes);
        ArgumentNullException.ThrowIfNull(request.Resources);
        ArgumentNullException.ThrowIfNull(request.UserGroups);
        ArgumentOutOfRangeException.ThrowIfNegative(request.ActorDepth);

        for (var index = 0; index < policy.Rules.Count; index++)
        {
            var rule = policy.Rules[index];
            if (rule.Match.Matches(request.Client))
                return DecideToken(rule, index, request);
        }

        return DenyToken(TokenDenial.NotAuthorized, PolicyReasons.NoRuleMatches(request.Client, policy.Rules.Count), null);
    }

    private static TokenPolicyDecision DecideToken(PolicyRule rule, int index, TokenPolicyRequest request)
    {
        if (rule.OAuth is not { } oauth)
            return DenyToken(TokenDenial.NotAuthorized, PolicyReasons.NoOAuthSection(index, rule), index);

        foreach (var (kind, check) in TokenChecks)
        {
            if (check(rule, oauth, index, request) is { } denial)
                return DenyToken(kind, denial, index);
        }

        var requested = Sorted(request.RequestedScopes.Distinct(StringComparer.Ordinal)).ToArray();
        var granted = requested.Where(scope => ScopeAllowed(oauth, scope)).ToArray();
        var dropped = requested.Where(scope => !ScopeAllowed(oauth, scope)).ToArray();
        return new TokenPolicyDecision(
            true,
            PolicyReasons.TokenAllowed(index, rule, request.Client, granted, dropped),
            granted.Length == 0 ? NoScopes : Array.AsReadOnly(granted),
            oauth.AccessTokenTtl,
            oauth.RefreshTokenTtl,
            index)
        {
            // RFC 8693 §4.4: may_act is one object naming one party. With one permitted actor the token says so
            // and carries the restriction wherever it goes; with several no single claim is true, so the token
            // carries none and the exchange checks the policy's list instead (PermittedActors).
            MayAct = oauth.Delegation.MayAct.Count == 1 ? oauth.Delegation.MayAct[0] : null,
        };
    }

    private static TokenPolicyDecision DenyToken(TokenDenial kind, string reason, int? index) =>
        new(false, reason, NoScopes, TimeSpan.Zero, TimeSpan.Zero, index) { Denial = kind };

    // A section that allows no scope and no resource could only mint tokens good for nothing and everywhere.
    private static string? RequireSomethingToGrant(PolicyRule rule, OAuthRule oauth, int index, TokenPolicyRequest request) =>
        oauth.Scopes.Count == 0 && oauth.Resources.Count == 0 ? PolicyReasons.OAuthGrantsNothing(index, rule) : null;

    // Checked before the ceiling so that "*" cannot pass a malformed scope into a token.
    private static string? RequireValidScopeTokens(PolicyRule rule, OAuthRule oauth, int index, TokenPolicyRequest request)
    {
        foreach (var scope in Sorted(request.RequestedScopes))
        {
            if (scope is null || !ScopeToken.IsValid(scope))
                return PolicyReasons.ScopeInvalid(index, rule, scope ?? string.Empty);
        }

        return null;
    }

    // RFC 6749 §5.2 invalid_scope: refused only when nothing requested is allowed; a partial overlap is narrowed.
    private static string? AllowSomeRequestedScope(PolicyRule rule, OAuthRule oauth, int index, TokenPolicyRequest request)
    {
        if (request.RequestedScopes.Count == 0 || request.RequestedScopes.Any(scope => ScopeAllowed(oauth, scope)))
            return null;

        return PolicyReasons.ScopesNotAllowed(index, rule, Sorted(request.RequestedScopes.Distinct(StringComparer.Ordinal)));
    }

    private static string? AllowOnlyListedResources(PolicyRule rule, OAuthRule oauth, int index, TokenPolicyRequest request)
    {
        foreach (var resource in Sorted(request.Resources))
        {
            if (string.IsNullOrEmpty(resource))
                return PolicyReasons.ResourceEmpty(index, rule);
            if (!oauth.Resources.Any(pattern => AudienceMatches(pattern, resource)))
                return PolicyReasons.ResourceNotAllowed(index, rule, resource);
        }

        return null;
    }

    // RFC 8693 §4.1: each nested act claim is one more hop of delegation.
    private static string? AllowOnlyPermittedDelegation(PolicyRule rule, OAuthRule oauth, int index, TokenPolicyRequest request)
    {
        if (request.ActorDepth == 0)
            return null;
        if (!oauth.Delegation.Allowed)
            return PolicyReasons.DelegationNotAllowed(index, rule, request.ActorDepth);
        return request.ActorDepth > oauth.Delegation.MaxDepth
            ? PolicyReasons.DelegationTooDeep(index, rule, request.ActorDepth, oauth.Delegation.MaxDepth)
            : null;
    }

    private static string? AllowOnlyPermittedImpersonation(PolicyRule rule, OAuthRule oauth, int index, TokenPolicyRequest request) =>
        request.Impersonation && !oauth.Delegation.Impersonation ? PolicyReasons.ImpersonationNotAllowed(index, rule) : null;

    private static string? AllowOnlyListedUsers(PolicyRule rule, OAuthRule oauth, int index, TokenPolicyRequest request)
    {
        if (request.User is not { } user)
            return null;
        if (user.Length == 0)
            return PolicyReasons.UserEmpty(index, rule);
        return oauth.Users.Any(entry => UserMatches(entry, user, request.UserGroups))
            ? null
            : PolicyReasons.UserNotAllowed(index, rule, user);
    }

    private static bool ScopeAllowed(OAuthRule oauth, string scope) =>
        oauth.Scopes.Any(allowed => allowed == PolicyDefaults.AnyScope || string.Equals(allowed, scope, StringComparison.Ordinal));

    // A "group:" entry matches only through the asserted groups, never a user whose ID happens to read "group:x".
    private static bool UserMatches(string entry, string user, IReadOnlyCollection<string> groups)
    {
        if (entry == PolicyDefaults.AnyUser)
            return true;
        if (entry.StartsWith(PolicyDefaults.UserGroupPrefix, StringComparison.Ordinal))
            return groups.Contains(entry[PolicyDefaults.UserGroupPrefix.Length..], StringComparer.Ordinal);
        return string.Equals(entry, user, StringComparison.Ordinal);
    }
}
