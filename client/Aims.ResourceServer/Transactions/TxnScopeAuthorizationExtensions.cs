using Aims.ResourceServer.Authorization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;

namespace Aims.ResourceServer.Transactions;

public static class TxnScopeAuthorizationExtensions
{
    /// <summary>
    /// A request authenticated by a Txn-Token whose effective scope holds every one of <paramref name="scopes"/>:
    /// without one → 401; without the scope → 403 <c>insufficient_scope</c>.
    /// </summary>
    public static AuthorizationPolicyBuilder RequireTransactionScope(this AuthorizationPolicyBuilder policy, params string[] scopes)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(scopes);
        if (scopes.Length == 0)
            throw new ArgumentException("Name at least one scope.", nameof(scopes));

        policy.AddAuthenticationSchemes(AimsTxnTokenDefaults.AuthenticationScheme).RequireAuthenticatedUser();
        foreach (var scope in scopes)
            policy.AddRequirements(new ScopeRequirement(scope));
        return policy;
    }

    /// <summary>The endpoint needs a Txn-Token with every one of <paramref name="scopes"/>: <c>app.MapGet(…).RequireTransactionScope("read:reports")</c>.</summary>
    public static TBuilder RequireTransactionScope<TBuilder>(this TBuilder endpoint, params string[] scopes)
        where TBuilder : IEndpointConventionBuilder =>
        endpoint.RequireAuthorization(policy => policy.RequireTransactionScope(scopes));
}
