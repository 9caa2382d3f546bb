using Aims.Core.OAuth;
using Aims.Grains;
using Aims.Grains.Agents;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Aims.Api.OAuth.Grants;

/// <summary>
/// <c>urn:ietf:params:oauth:grant-type:token-exchange</c> (RFC 8693) with the authenticated agent as the actor:
/// delegation by default, impersonation when the request says <c>impersonation=true</c> (see <see cref="TokenExchangeRequest"/>).
/// </summary>
internal static class TokenExchangeGrantHandler
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

        var (exchange, exchangeError) = await TokenExchangeRequest.ReadAsync(
            request.Form, client, scopes, resources, request.Grains, request.Bundles, request.Issuer, request.Time, request.CorrelationId,
            request.Http.RequestServices.GetService<Core.Tokens.RevocationCache>());
        if (exchangeError is not null)
            return OAuthResponses.Error(exchangeError);

        var outcome = await request.Grains.GetGrain<IAgentGrain>(GrainKeys.Agent(agent)).ExchangeTokenAsync(exchange!);
        return TokenResponse.For(outcome, request.Time, OAuthConstants.TokenTypes.AccessToken);
    }
}
