using Aims.Api.Contracts;
using Aims.Api.Http;
using Aims.Core.Identity;
using Aims.Grains;
using Aims.Grains.Agents;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Aims.Api.Endpoints;

/// <summary><c>GET /v1/agents/{id}/transactions</c>: the live transactions an agent is party to (operator API).</summary>
internal static class TransactionEndpoints
{
    public static async Task<IResult> ListAsync(HttpContext http, IGrainFactory grains, [FromServices] TrustDomain trustDomain)
    {
        var (spiffeId, problem) = AgentIds.FromPath(http, trustDomain);
        if (problem is not null)
            return problem;

        var agent = grains.GetGrain<IAgentGrain>(GrainKeys.Agent(spiffeId!));
        if (await agent.GetAsync() is null)
            return Problems.NotFound($"agent {spiffeId} is not registered");
        var transactions = await agent.GetTransactionsAsync();
        return Results.Json(new TransactionListResponse([.. transactions.Select(TransactionResponse.From)]), AimsJson.Options);
    }
}
