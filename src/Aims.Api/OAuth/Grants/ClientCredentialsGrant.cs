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
        // The agent grain spends the client assertion as the first step of the grant: one grain call, not two.
        var (read, error) = await AgentGrantRequest.ReadAsync(request, agentSpendsAssertion: true);
        if (error is not null)
            return OAuthResponses.Error(error);

        var (client, agent, scopes, resources) = read!;
        var outcome = await request.Grains.Reference<IAgentGrain>(GrainKeys.Agent(agent)).IssueAccessTokenAsync(new AccessTokenGrant(
            request.Issuer.Url, request.GrantType, [.. scopes], resources, client.CnfX5tS256, client.Method, request.CorrelationId, client.UnspentAssertion));
        return TokenResponse.For(outcome, request.Time);
    }
}
