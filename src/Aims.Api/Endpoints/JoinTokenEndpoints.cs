using Aims.Api.Contracts;
using Aims.Api.Http;
using Aims.Api.Security;
using Aims.Core.Identity;
using Aims.Core.Attestation;
using Aims.Grains;
using Aims.Grains.JoinTokens;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Aims.Api.Endpoints;

/// <summary><c>POST /v1/join-tokens</c>: single-use, short-lived tokens bound to one agent's SPIFFE ID.</summary>
public static class JoinTokenEndpoints
{
    public static void MapJoinTokenEndpoints(this IEndpointRouteBuilder app) =>
        app.MapPost("/v1/join-tokens", CreateAsync).RequireAuthorization(AuthSchemes.OperatorPolicy);

    private static async Task<IResult> CreateAsync(HttpContext http, IGrainFactory grains, [FromServices] TrustDomain trustDomain)
    {
        var (body, problem) = await JsonBody.ReadAsync<JoinTokenRequest>(http.Request);
        if (problem is not null)
            return problem;
        var (id, idProblem) = AgentIds.Parse(body!.SpiffeId, trustDomain);
        if (idProblem is not null)
            return idProblem;
        var ttl = body.TtlSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : JoinTokenRules.DefaultTtl;
        if (JoinTokenRules.CheckTtl(ttl) is { } ttlProblem)
            return Problems.BadRequest(ttlProblem);

        var token = JoinTokenRules.NewToken();
        var created = await grains.GetGrain<IJoinTokenGrain>(GrainKeys.JoinToken(token)).CreateAsync(id!.ToString(), ttl, http.Actor(), http.CorrelationId());
        if (!created.Created)
            return Problems.NotFound(created.Error!);
        return Results.Json(new JoinTokenResponse(token, id.ToString(), created.ExpiresAt), AimsJson.Options, statusCode: StatusCodes.Status201Created);
    }
}
