using Aims.Core.OAuth;

namespace Aims.Core.Policy;

/// <summary>
/// The ceiling for a client registered through RFC 7591 that has no SPIFFE ID, so no agent policy: the scopes of
/// its registration intersected with those registration allows (<c>Aims:OAuth:Registration:Scopes</c>), and only
/// the resources registration allows (exact values, or prefixes ending in "*").
/// </summary>
/// <param name="ClientScope">The registration's <c>scope</c> (RFC 7591 §2), or null for the whole registration ceiling.</param>
public sealed record RegisteredClientLimits(
    string ClientId,
    ScopeSet? ClientScope,
    IReadOnlyList<string> AllowedScopes,
    IReadOnlyList<string> AllowedResources)
{
    /// <summary>
    /// Decides a token or consent for this client, in the shape agent policy decisions have, so callers map it to
    /// an error the same way. Requested scopes outside the ceiling are dropped; none left is invalid_scope.
    /// </summary>
    public TokenPolicyDecision Evaluate(ScopeSet requested, IReadOnlyList<string> resources)
    {
        ArgumentNullException.ThrowIfNull(requested);
        ArgumentNullException.ThrowIfNull(resources);
        var ceiling = ScopeSet.Create(AllowedScopes.Where(scope => ScopeToken.IsValid(scope) && ScopeSetAllows(scope)));
        if (ceiling.IsEmpty)
            return Deny(TokenDenial.NotAuthorized, $"registered client {ClientId} may be granted no scope: its registration and Aims:OAuth:Registration:Scopes have none in common");

        var granted = requested.Intersect(ceiling);
        if (!requested.IsEmpty && granted.IsEmpty)
            return Deny(TokenDenial.Scope, $"scope '{requested}' is outside what registered client {ClientId} may be granted: '{ceiling}'");

        foreach (var resource in resources.Order(StringComparer.Ordinal))
        {
            if (!AllowedResources.Any(pattern => PolicyEvaluator.AudienceMatches(pattern, resource)))
            {
                return Deny(TokenDenial.Resource, AllowedResources.Count == 0
                    ? $"resource '{resource}' is not allowed: Aims:OAuth:Registration:Resources allows registered clients none"
                    : $"resource '{resource}' is not allowed for registered clients; allowed: {string.Join(", ", AllowedResources)}");
            }
        }

        var dropped = requested.Where(scope => !granted.Contains(scope)).ToArray();
        return new TokenPolicyDecision(
            true,
            $"registered client {ClientId} is granted '{granted}'" + (dropped.Length == 0 ? string.Empty : $"; not granted: {string.Join(' ', dropped)}"),
            [.. granted],
            PolicyDefaults.AccessTokenTtl,
            PolicyDefaults.RefreshTokenTtl,
            null);
    }

    private bool ScopeSetAllows(string scope) => ClientScope is null || ClientScope.Contains(scope);

    private static TokenPolicyDecision Deny(TokenDenial kind, string reason) =>
        new(false, reason, [], TimeSpan.Zero, TimeSpan.Zero, null) { Denial = kind };
}
