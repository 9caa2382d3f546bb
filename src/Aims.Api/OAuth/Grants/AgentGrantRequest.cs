using Aims.Core.Identity;
using Aims.Core.OAuth;
using Aims.Grains;
using Aims.Grains.Agents;

namespace Aims.Api.OAuth.Grants;

/// <summary>
/// What every agent-only grant (client_credentials, token exchange) reads first: an authenticated agent (a registered
/// client without a SPIFFE ID gets <c>unauthorized_client</c>), its requested <c>scope</c>, and its required
/// <c>resource</c>/<c>audience</c> values.
/// </summary>
internal sealed record AgentGrantRequest(AuthenticatedClient Client, SpiffeId Agent, ScopeSet Scopes, IReadOnlyList<string> Resources)
{
    /// <param name="agentSpendsAssertion">
    /// True when the handler's next step is one agent grain call that carries <see cref="AuthenticatedClient.UnspentAssertion"/>
    /// and spends it first; false to have the assertion spent now.
    /// </param>
    public static async Task<(AgentGrantRequest? Request, OAuthError? Error)> ReadAsync(TokenRequest request, bool agentSpendsAssertion = false)
    {
        var (client, clientError) = await request.AuthenticateClientAsync(agentSpendsAssertion: agentSpendsAssertion);
        if (clientError is not null)
            return (null, clientError);
        if (client!.Agent is not { } agent)
            return (null, TokenResponse.AgentsOnly(client, request.GrantType));

        if (!ScopeSet.TryParse(request.Form.Single(OAuthConstants.Parameters.Scope), out var scopes, out var scopeError))
            return (null, await SpentAsync(request, client, new OAuthError(OAuthErrors.InvalidScope, scopeError)));
        var (resources, resourceError) = TokenResources.Read(request.Form);
        return resourceError is not null
            ? (null, await SpentAsync(request, client, resourceError))
            : (new AgentGrantRequest(client, agent, scopes, resources), null);
    }

    /// <summary>A request refused before the grain call still uses up the assertion that authenticated it.</summary>
    private static async Task<OAuthError> SpentAsync(TokenRequest request, AuthenticatedClient client, OAuthError error)
    {
        if (client is { UnspentAssertion: { } assertion, Agent: { } agent })
            await request.Grains.Reference<IAgentGrain>(GrainKeys.Agent(agent)).UseClientAssertionAsync(assertion);
        return error;
    }
}
