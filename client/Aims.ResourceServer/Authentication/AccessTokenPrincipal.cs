using System.Security.Claims;
using Aims.Core.OAuth;

namespace Aims.ResourceServer.Authentication;

/// <summary>The <see cref="ClaimsPrincipal"/> of a validated access token, its claims issued by the fabric.</summary>
internal static class AccessTokenPrincipal
{
    /// <param name="effectiveScope">The token's scope after the revocation cache's reductions: what the agent may still do.</param>
    /// <param name="workload">The workload that proved possession of its WIT's key on this request, if any.</param>
    public static ClaimsPrincipal Create(AccessToken token, ScopeSet effectiveScope, string authenticationType, WorkloadIdentity? workload = null)
    {
        var claims = new List<Claim>(5 + effectiveScope.Count + token.Actors.Count)
        {
            new(AimsClaimTypes.Subject, token.Subject, ClaimValueTypes.String, token.Issuer),
            new(AimsClaimTypes.ClientId, token.ClientId, ClaimValueTypes.String, token.Issuer),
            new(AimsClaimTypes.JwtId, token.Jti, ClaimValueTypes.String, token.Issuer),
        };
        foreach (var scope in effectiveScope)
            claims.Add(new Claim(AimsClaimTypes.Scope, scope, ClaimValueTypes.String, token.Issuer));
        foreach (var actor in token.Actors)
            claims.Add(new Claim(AimsClaimTypes.Actor, actor, ClaimValueTypes.String, token.Issuer));
        if (workload is not null)
            claims.Add(new Claim(AimsClaimTypes.Workload, workload.Subject, ClaimValueTypes.String, workload.Subject));

        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType, AimsClaimTypes.Subject, ClaimsIdentity.DefaultRoleClaimType));
    }

    /// <summary>
    /// A workload authenticated by WIT + WPT alone: it is its own subject and client, and holds no scope (scopes come
    /// from access tokens), so scope-protected endpoints answer 403 and only identity-based ones let it through.
    /// </summary>
    public static ClaimsPrincipal ForWorkload(WorkloadIdentity workload, string authenticationType)
    {
        var issuer = workload.Wit.Subject.TrustDomain.IdString;
        Claim[] claims =
        [
            new(AimsClaimTypes.Subject, workload.Subject, ClaimValueTypes.String, issuer),
            new(AimsClaimTypes.ClientId, workload.Subject, ClaimValueTypes.String, issuer),
            new(AimsClaimTypes.Workload, workload.Subject, ClaimValueTypes.String, issuer),
        ];
        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType, AimsClaimTypes.Subject, ClaimsIdentity.DefaultRoleClaimType));
    }
}
