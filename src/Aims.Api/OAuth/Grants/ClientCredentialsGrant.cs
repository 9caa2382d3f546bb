using Aims.Core.OAuth;
using Aims.Grains;
using Aims.Grains.Agents;
using Aims.Grains.Tokens;
using Microsoft.AspNetCore.Http;

namespace Aims.Api.OAuth.Grants;

/// <summary><c>client_credentials</c> (RFC 6749 §4.4) for an agent that proved its identity with an SVID.</summary>
internal static class ClientCredentialsGrant
{
    public static async Task<IResult> HandleAsync(TokenRequest request)
    {
        var (client, clientError) = await request.AuthenticateClientAsync();
        if (clientError is not null)
            return OAuthResponses.Error(clientError);
        if (client!.Agent is not { } agent)
            return OAuthResponses.Error(TokenResponse.AgentsOnly(client, request.GrantType));

        if (!ScopeSet.TryParse(request.Form.Single(OAuthConstants.Parameters.Scope), out var scopes, out var scopeError))
            return OAuthResponses.Error(OAuthErrors.InvalidScope, scopeError);
        var (resources, resourceError) = TokenResources.Read(request.Form);
        if (resourceError is not null)
            return OAuthResponses.Error(resourceError);

        var outcome = await request.Grains.GetGrain<IAgentGrain>(GrainKeys.Agent(agent)).IssueAccessTokenAsync(new AccessTokenGrant(
            request.Issuer.Url, request.GrantType, [.. scopes], resources, client.CnfX5tS256, client.Method, request.CorrelationId));
        return TokenResponse.For(outcome, request.Time);
    }
}
