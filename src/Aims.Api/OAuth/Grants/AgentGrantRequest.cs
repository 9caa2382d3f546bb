using Aims.Core.Identity;
using Aims.Core.OAuth;

namespace Aims.Api.OAuth.Grants;

/// <summary>
/// What every agent-only grant (client_credentials, token exchange) reads first: an authenticated agent (a registered
/// client without a SPIFFE ID gets <c>unauthorized_client</c>), its requested <c>scope</c>, and its required
/// <c>resource</c>/<c>audience</c> values.
/// </summary>
internal sealed record AgentGrantRequest(AuthenticatedClient Client, SpiffeId Agent, ScopeSet Scopes, IReadOnlyList<string> Resources)
{
    public static async Task<(AgentGrantRequest? Request, OAuthError? Error)> ReadAsync(TokenRequest request)
    {
        var (client, clientError) = await request.AuthenticateClientAsync();
        if (clientError is not null)
            return (null, clientError);
        if (client!.Agent is not { } agent)
            return (null, TokenResponse.AgentsOnly(client, request.GrantType));

        if (!ScopeSet.TryParse(request.Form.Single(OAuthConstants.Parameters.Scope), out var scopes, out var scopeError))
            return (null, new OAuthError(OAuthErrors.InvalidScope, scopeError));
        var (resources, resourceError) = TokenResources.Read(request.Form);
        return resourceError is not null ? (null, resourceError) : (new AgentGrantRequest(client, agent, scopes, resources), null);
    }
}
