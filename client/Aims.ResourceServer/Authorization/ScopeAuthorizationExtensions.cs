using Aims.ResourceServer.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;

namespace Aims.ResourceServer.Authorization;

public static class ScopeAuthorizationExtensions
{
    /// <summary>
    /// An agent authenticated by the fabric's access token, whose effective scope holds every one of
    /// <paramref name="scopes"/>. Unauthenticated → 401 with a Bearer challenge; authenticated without the scope →
    /// 403 <c>insufficient_scope</c> (RFC 6750 §3.1).
    /// </summary>
    public static AuthorizationPolicyBuilder RequireScope(this AuthorizationPolicyBuilder policy, params string[] scopes)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(scopes);
        if (scopes.Length == 0)
            throw new ArgumentException("Name at least one scope.", nameof(scopes));

        policy.AddAuthenticationSchemes(AimsAccessTokenDefaults.AuthenticationScheme).RequireAuthenticatedUser();
        foreach (var scope in scopes)
            policy.AddRequirements(new ScopeRequirement(scope));
        return policy;
    }

    /// <summary>The endpoint needs an access token with every one of <paramref name="scopes"/>: <c>app.MapGet(…).RequireScope("read:reports")</c>.</summary>
    public static TBuilder RequireScope<TBuilder>(this TBuilder endpoint, params string[] scopes)
        where TBuilder : IEndpointConventionBuilder =>
        endpoint.RequireAuthorization(policy => policy.RequireScope(scopes));
}
