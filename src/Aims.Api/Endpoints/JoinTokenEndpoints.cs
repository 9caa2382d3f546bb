using Aims.Api.Contracts;
using Aims.Api.Http;
using Aims.Api.Security;
using Aims.Core.Identity;
using Aims.Core.Jose;
using Aims.Grains;
using Aims.Grains.Agents;
using Aims.Grains.Audit;
using Aims.Grains.JoinTokens;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Aims.Api.Endpoints;

/// <summary><c>POST /v1/join-tokens</c>: single-use, short-lived tokens bound to one agent's SPIFFE ID.</summary>
public static class JoinTokenEndpoints
{
    public static readonly TimeSpan DefaultTtl = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan MaxTtl = TimeSpan.FromHours(24);

    public static void MapJoinTokenEndpoints(this IEndpointRouteBuilder app) =>
        app.MapPost("/v1/join-tokens", CreateAsync).RequireAuthorization(AuthSchemes.OperatorPolicy);

    private static async Task<IResult> CreateAsync(HttpContext http, IGrainFactory grains, [FromServices] TrustDomain trustDomain, TimeProvider time)
    {
        var (body, problem) = await JsonBody.ReadAsync<JoinTokenRequest>(http.Request);
        if (problem is not null)
            return problem;
        var (id, idProblem) = AgentIds.Parse(body!.SpiffeId, trustDomain);
        if (idProblem is not null)
            return idProblem;
        var ttl = body.TtlSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : DefaultTtl;
        if (ttl < TimeSpan.FromSeconds(30) || ttl > MaxTtl)
            return Problems.BadRequest($"ttl_seconds must be between 30 and {(int)MaxTtl.TotalSeconds}");
        if (await grains.GetGrain<IAgentGrain>(GrainKeys.Agent(id!)).GetAsync() is null)
            return Problems.NotFound($"agent {id} is not registered; register it first (POST /v1/agents)");

        var token = Base64Url.Encode(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var expiresAt = time.GetUtcNow() + ttl;
        await grains.GetGrain<IJoinTokenGrain>(GrainKeys.JoinToken(token)).CreateAsync(id!.ToString(), expiresAt, http.Actor());
        await grains.GetGrain<IAuditLogGrain>(GrainKeys.AuditLog(trustDomain)).AppendAsync(new AuditEntryMessage(
            "join-token.create", "Allowed", AgentId: id.ToString(), Resource: $"join-token:{GrainKeys.JoinToken(token)[..16]}",
            CorrelationId: http.CorrelationId(), Actor: http.Actor(), Detail: $"expires {expiresAt:O}"));
        return Results.Json(new JoinTokenResponse(token, id.ToString(), expiresAt), AimsJson.Options, statusCode: StatusCodes.Status201Created);
    }
}
