using System.Security.Claims;
using Aims.Core.OAuth;

namespace Aims.ResourceServer.Authentication;

/// <summary>The <see cref="ClaimsPrincipal"/> of a validated access token, its claims issued by the fabric.</summary>
internal static class AccessTokenPrincipal
{
    /// <param name="effectiveScope">The token's scope after the revocation cache's reductions: what the agent may still do.</param>
    public static ClaimsPrincipal Create(AccessToken token, ScopeSet effectiveScope, string authenticationType)
    {
        var claims = new List<Claim>(4 + effectiveScope.Count + token.Actors.Count)
        {
            new(AimsClaimTypes.Subject, token.Subject, ClaimValueTypes.String, token.Issuer),
            new(AimsClaimTypes.ClientId, token.ClientId, ClaimValueTypes.String, token.Issuer),
            new(AimsClaimTypes.JwtId, token.Jti, ClaimValueTypes.String, token.Issuer),
        };
        foreach (var scope in effectiveScope)
            claims.Add(new Claim(AimsClaimTypes.Scope, scope, ClaimValueTypes.String, token.Issuer));
        foreach (var actor in token.Actors)
            claims.Add(new Claim(AimsClaimTypes.Actor, actor, ClaimValueTypes.String, token.Issuer));

        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType, AimsClaimTypes.Subject, ClaimsIdentity.DefaultRoleClaimType));
    }
}
