using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Aims.Core.Identity;
using static Aims.Core.Policy.PolicyJsonNames;

namespace Aims.Core.Policy;

public static partial class PolicyParser
{
    /// <summary>The optional <c>oauth</c> section of a rule; absent means the rule grants no access tokens.</summary>
    private static bool TryReadOAuth(
        JsonElement rule,
        string rulePath,
        out OAuthRule? oauth,
        [NotNullWhen(false)] out string? error)
    {
        oauth = null;
        error = null;
        if (!rule.TryGetProperty(PolicyJsonNames.OAuth, out var element))
            return true;

        var path = Join(rulePath, PolicyJsonNames.OAuth);
        if (!TryCheckMembers(element, path, OAuthMembers, out error)
            || !TryReadStringList(element, path, Scopes, PolicyDefaults.OAuthScopes, PolicyLimits.MaxOAuthScopes, ValidateScope, out var scopes, out error)
            || !TryReadStringList(element, path, Resources, PolicyDefaults.OAuthResources, PolicyLimits.MaxOAuthResources, ValidateAudience, out var resources, out error)
            || !TryReadTtl(element, path, AccessTokenTtlSeconds, PolicyDefaults.AccessTokenTtl, PolicyLimits.MinAccessTokenTtl, PolicyLimits.MaxAccessTokenTtl, out var accessTokenTtl, out error)
            || !TryReadTtl(element, path, RefreshTokenTtlSeconds, PolicyDefaults.RefreshTokenTtl, PolicyLimits.MinRefreshTokenTtl, PolicyLimits.MaxRefreshTokenTtl, out var refreshTokenTtl, out error)
            || !TryReadDelegation(element, path, out var delegation, out error)
            || !TryReadStringList(element, path, PolicyJsonNames.Users, PolicyDefaults.OAuthUsers, ValidateUser, out var users, out error)
            || !TryReadTransactions(element, path, out var transactions, out error)
            || !TryReadChaining(element, path, out var chaining, out error))
            return false;

        oauth = new OAuthRule(scopes, resources, accessTokenTtl, refreshTokenTtl, delegation, users) { Transactions = transactions, Chaining = chaining };
        return true;
    }

    private static bool TryReadDelegation(
        JsonElement oauth,
        string oauthPath,
        [NotNullWhen(true)] out DelegationRule? delegation,
        [NotNullWhen(false)] out string? error)
    {
        delegation = PolicyDefaults.Delegation;
        error = null;
        if (!oauth.TryGetProperty(Delegation, out var element))
            return true;

        delegation = null;
        var path = Join(oauthPath, Delegation);
        var fallback = PolicyDefaults.Delegation;
        if (!TryCheckMembers(element, path, DelegationMembers, out error)
            || !TryReadBool(element, path, Allowed, fallback.Allowed, out var allowed, out error)
            || !TryReadWholeNumber(element, path, MaxDepth, fallback.MaxDepth, PolicyLimits.MinDelegationDepth, PolicyLimits.MaxDelegationDepth, out var maxDepth, out error)
            || !TryReadBool(element, path, Impersonation, fallback.Impersonation, out var impersonation, out error)
            || !TryReadStringList(element, path, MayAct, [], PolicyLimits.MaxMayAct, ValidateMayAct, out var mayAct, out error))
            return false;

        // RFC 8693 §1.1: impersonation is delegation without the act claim that records it; allowing it while
        // "allowed" is false would hand out the stronger power under a rule that reads as "no delegation".
        if (impersonation && !allowed)
        {
            error = PolicyErrors.ImpersonationWithoutDelegation(Join(path, Impersonation), Join(path, Allowed));
            return false;
        }

        // may_act is not tied to "allowed": it says who may act for this agent, not whether this agent may act.
        delegation = new DelegationRule(allowed, maxDepth, impersonation)
        {
            MayAct = mayAct.Count == 0 ? [] : [.. mayAct.Select(SpiffeId.Parse)],
        };
        return true;
    }

    private static bool TryReadWholeNumber(
        JsonElement parent,
        string parentPath,
        string name,
        int fallback,
        int min,
        int max,
        out int value,
        [NotNullWhen(false)] out string? error)
    {
        value = fallback;
        error = null;
        if (!parent.TryGetProperty(name, out var element))
            return true;

        var path = Join(parentPath, name);
        if (!TryCheckKind(element, JsonValueKind.Number, path, "a whole number", out error))
            return false;

        if (!element.TryGetInt64(out var number))
        {
            error = PolicyErrors.NotWholeNumber(path, element.GetRawText());
            return false;
        }

        if (number < min || number > max)
        {
            error = PolicyErrors.NumberOutOfRange(path, min, max, number);
            return false;
        }

        value = (int)number;
        return true;
    }

    private static string? ValidateScope(string path, string value) =>
        ScopeToken.IsValid(value) ? null : PolicyErrors.InvalidScope(path, value);

    private static string? ValidateMayAct(string path, string value)
    {
        if (value.Contains('*', StringComparison.Ordinal))
            return PolicyErrors.MayActWildcard(path, value);
        return SpiffeId.TryParse(value, out _, out var error) ? null : PolicyErrors.MayActNotSpiffeId(path, value, error);
    }

    private static string? ValidateUser(string path, string value)
    {
        if (value.Length == 0)
            return PolicyErrors.Empty(path);
        if (value == PolicyDefaults.AnyUser)
            return null;
        if (value.Contains('*', StringComparison.Ordinal))
            return PolicyErrors.UserWildcardNotAlone(path, value);
        return value == PolicyDefaults.UserGroupPrefix ? PolicyErrors.UserGroupEmpty(path) : null;
    }
}
