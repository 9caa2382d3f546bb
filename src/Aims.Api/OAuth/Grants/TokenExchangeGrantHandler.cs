using Aims.Core.OAuth;
using Aims.Grains;
using Aims.Grains.Agents;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Aims.Api.OAuth.Grants;

/// <summary>
/// <c>urn:ietf:params:oauth:grant-type:token-exchange</c> (RFC 8693) with the authenticated agent as the actor:
/// delegation by default, impersonation when the request says <c>impersonation=true</c> (see <see cref="TokenExchangeRequest"/>);
/// transaction tokens (<see cref="Transactions.TxnTokenExchange"/>) and identity chaining grants
/// (<see cref="Chaining.ChainingExchange"/>) by their <c>requested_token_type</c>.
/// </summary>
internal static class TokenExchangeGrantHandler
{
    public static async Task<IResult> HandleAsync(TokenRequest request)
    {
        if (Transactions.TxnTokenExchange.AudienceMissing(request) is { } audienceMissing)
            return OAuthResponses.Error(audienceMissing);
        if (Chaining.ChainingExchange.TargetMissing(request) is { } targetMissing)
            return OAuthResponses.Error(targetMissing);

        var (read, error) = await AgentGrantRequest.ReadAsync(request);
        if (error is not null)
            return OAuthResponses.Error(error);

        // draft-ietf-oauth-transaction-tokens: requests for, or with, a transaction token.
        if (Transactions.TxnTokenExchange.TryHandle(request, read!) is { } transaction)
            return await transaction;

        // draft-ietf-oauth-identity-chaining: a JWT authorization grant for another domain's authorization server.
        if (Chaining.ChainingExchange.TryHandle(request, read!) is { } chaining)
            return await chaining;

        var (client, agent, scopes, resources) = read!;
        var (exchange, exchangeError) = await TokenExchangeRequest.ReadAsync(
            request.Form, client, scopes, resources, request.Grains, request.Bundles, request.Issuer, request.Time, request.CorrelationId,
            request.Http.RequestServices.GetService<Core.Tokens.RevocationCache>());
        if (exchangeError is not null)
            return OAuthResponses.Error(exchangeError);

        var outcome = await request.Grains.Reference<IAgentGrain>(GrainKeys.Agent(agent)).ExchangeTokenAsync(exchange!);
        return TokenResponse.For(outcome, request.Time, OAuthConstants.TokenTypes.AccessToken);
    }
}
