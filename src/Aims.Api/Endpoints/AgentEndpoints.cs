using Aims.Api.Contracts;
using Aims.Api.Http;
using Aims.Api.Security;
using Aims.Core.Agents;
using Aims.Core.Identity;
using Aims.Core.StateMachines;
using Aims.Grains;
using Aims.Grains.Agents;
using Aims.Grains.Policies;
using Aims.Core.Policy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Aims.Api.Endpoints;

/// <summary>Operator API for agents (API.md "Agents").</summary>
public static class AgentEndpoints
{
    private const int MaxSelectors = 64;
    private const int MaxMetadata = 64;

    public static void MapAgentEndpoints(this IEndpointRouteBuilder app)
    {
        var agents = app.MapGroup("/v1/agents").RequireAuthorization(AuthSchemes.OperatorPolicy);
        agents.MapPost("/", RegisterAsync);
        agents.MapGet("/", ListAsync);
        agents.MapGet("/{id}", ShowAsync);
        agents.MapPost("/{id}/suspend", (HttpContext http, IGrainFactory g, [FromServices] TrustDomain td) =>
            MoveAsync(http, g, td, (a, c) => a.SuspendAsync(c)));
        agents.MapPost("/{id}/resume", (HttpContext http, IGrainFactory g, [FromServices] TrustDomain td) =>
            MoveAsync(http, g, td, (a, c) => a.ResumeAsync(c)));
        agents.MapPost("/{id}/terminate", (HttpContext http, IGrainFactory g, [FromServices] TrustDomain td) =>
            MoveAsync(http, g, td, (a, c) => a.TerminateAsync(c)));
        agents.MapPost("/{id}/compromise", (HttpContext http, IGrainFactory g, [FromServices] TrustDomain td) =>
            MoveAsync(http, g, td, (a, c) => a.CompromiseAsync(c), reasonRequired: true));
        agents.MapPost("/{id}/restore-scope", (HttpContext http, IGrainFactory g, [FromServices] TrustDomain td) =>
            MoveAsync(http, g, td, (a, c) => a.RestoreScopeAsync(c)));
        agents.MapPost("/{id}/reduce-scope", ReduceScopeAsync);
        agents.MapPost("/{id}/move", MoveToAsync);
        agents.MapGet("/{id}/credentials", CredentialsAsync);
        agents.MapGet("/{id}/tokens", TokensAsync);
        agents.MapGet("/{id}/sessions", SessionsAsync);
        agents.MapGet("/{id}/transactions", TransactionEndpoints.ListAsync);
    }

    private static async Task<IResult> RegisterAsync(HttpContext http, IGrainFactory grains, [FromServices] TrustDomain trustDomain)
    {
        var (body, problem) = await JsonBody.ReadAsync<RegisterAgentRequest>(http.Request);
        if (problem is not null)
            return problem;

        var (id, idProblem) = AgentIds.Parse(body!.SpiffeId, trustDomain);
        if (idProblem is not null)
            return idProblem;
        if (body.Selectors is { Count: > MaxSelectors } || body.Selectors?.Any(s => string.IsNullOrWhiteSpace(s) || s.Length > 256 || !s.Contains(':', StringComparison.Ordinal)) == true)
            return Problems.BadRequest($"selectors must be at most {MaxSelectors} strings of the form type:value (e.g. k8s:sa:analyst), each at most 256 characters");
        if (body.Metadata is { Count: > MaxMetadata } || body.Metadata?.Any(kv => kv.Key.Length > 128 || kv.Value.Length > 1024) == true)
            return Problems.BadRequest($"metadata must have at most {MaxMetadata} entries, keys up to 128 and values up to 1024 characters");
        if (body.Policy is { } policy && !PolicyEndpoints.IsValidName(policy))
            return Problems.BadRequest(PolicyEndpoints.NameRule);
        if (body.Policy is { } named && named != BuiltInPolicies.DefaultName
            && await grains.GetGrain<IPolicyGrain>(GrainKeys.Policy(named)).GetAsync() is null)
            return Problems.BadRequest($"policy '{named}' does not exist; create it first (PUT /v1/policies/{named})");

        var agent = await grains.GetGrain<IAgentGrain>(GrainKeys.Agent(id!)).RegisterAsync(new RegisterAgent(
            body.Policy, body.Selectors ?? [], body.Metadata ?? new Dictionary<string, string>(), http.Actor(), http.CorrelationId()));
        return agent is null
            ? Problems.Conflict($"agent {id} is already registered")
            : Results.Json(AgentResponse.From(agent), AimsJson.Options, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> ShowAsync(HttpContext http, IGrainFactory grains, [FromServices] TrustDomain trustDomain)
    {
        var (spiffeId, problem) = AgentIds.FromPath(http, trustDomain);
        if (problem is not null)
            return problem;

        var agent = await grains.GetGrain<IAgentGrain>(GrainKeys.Agent(spiffeId!)).GetAsync();
        return agent is null ? Problems.NotFound($"agent {spiffeId} is not registered") : Results.Json(AgentResponse.From(agent), AimsJson.Options);
    }

    private static async Task<IResult> ListAsync(string? prefix, string? after, int? limit, IGrainFactory grains, [FromServices] TrustDomain trustDomain)
    {
        var pageSize = Math.Clamp(limit ?? 100, 1, 500);
        var ids = await grains.GetGrain<IAgentDirectoryGrain>(GrainKeys.AgentDirectory(trustDomain)).ListAsync(prefix, after, pageSize + 1);
        var page = ids.Take(pageSize).ToList();
        var views = await Task.WhenAll(page.Select(i => grains.GetGrain<IAgentGrain>(i).GetAsync()));
        var agents = views.Where(v => v is not null).Select(v => AgentResponse.From(v!)).ToList();
        return Results.Json(new AgentListResponse(agents, ids.Count > pageSize ? page[^1] : null), AimsJson.Options);
    }

    private static async Task<IResult> MoveAsync(
        HttpContext http, IGrainFactory grains, [FromServices] TrustDomain trustDomain, Func<IAgentGrain, AdminAction, Task<AgentView>> move, bool reasonRequired = false)
    {
        var (spiffeId, problem) = AgentIds.FromPath(http, trustDomain);
        if (problem is not null)
            return problem;
        var (body, bodyProblem) = await JsonBody.ReadAsync<AgentActionRequest>(http.Request, allowEmpty: true);
        if (bodyProblem is not null)
            return bodyProblem;
        if (body?.Reason is { Length: > 1024 })
            return Problems.BadRequest("reason must be at most 1024 characters");
        if (reasonRequired && string.IsNullOrWhiteSpace(body?.Reason))
            return Problems.BadRequest("reason is required: it goes into the audit log and the signals sent to receivers");

        return await ChangeAsync(grains, spiffeId!, agent => move(agent, new AdminAction(http.Actor(), http.CorrelationId(), body?.Reason)));
    }

    /// <summary>Applies a state change to a registered agent: 404 when it is not registered, 409 for an illegal move.</summary>
    private static async Task<IResult> ChangeAsync(IGrainFactory grains, SpiffeId spiffeId, Func<IAgentGrain, Task<AgentView>> change)
    {
        var agent = grains.GetGrain<IAgentGrain>(GrainKeys.Agent(spiffeId));
        if (await agent.GetAsync() is null)
            return Problems.NotFound($"agent {spiffeId} is not registered");
        try
        {
            return Results.Json(AgentResponse.From(await change(agent)), AimsJson.Options);
        }
        catch (InvalidTransitionException e)
        {
            return Problems.Conflict(e.Message);
        }
    }

    /// <summary><c>POST /v1/agents/{id}/reduce-scope</c> <c>{ "scope": "read:x", "reason" }</c>: the new ceiling of live and future tokens.</summary>
    private static async Task<IResult> ReduceScopeAsync(HttpContext http, IGrainFactory grains, [FromServices] TrustDomain trustDomain)
    {
        var (spiffeId, problem) = AgentIds.FromPath(http, trustDomain);
        if (problem is not null)
            return problem;
        var (body, bodyProblem) = await JsonBody.ReadAsync<ReduceScopeRequest>(http.Request);
        if (bodyProblem is not null)
            return bodyProblem;
        if (body!.Scope is null || string.IsNullOrWhiteSpace(body.Reason) || body.Reason.Length > 1024)
            return Problems.BadRequest("scope (the scopes the agent keeps, space-separated; \"\" for none) and reason (at most 1024 characters) are required");
        if (!Core.OAuth.ScopeSet.TryParse(body.Scope, out _, out var scopeError))
            return Problems.BadRequest($"scope is invalid: {scopeError}");

        return await ChangeAsync(grains, spiffeId!, agent => agent.ReduceScopeAsync(new ScopeReduction(body.Scope, body.Reason, http.Actor(), http.CorrelationId())));
    }

    /// <summary>
    /// <c>POST /v1/agents/{id}/move</c> <c>{ "spiffe_id": new ID, "reason"? }</c>: 201 with the agent under both IDs
    /// once the new one is registered and the old one terminated, durably; 400 for a new ID the rules of
    /// <c>POST /v1/agents</c> refuse or the agent's own; 404 for an unknown agent; 409 when the new ID is taken or
    /// the agent's state does not allow a move (Core <c>AgentMoves</c>).
    /// </summary>
    private static async Task<IResult> MoveToAsync(HttpContext http, IGrainFactory grains, [FromServices] TrustDomain trustDomain)
    {
        var (source, problem) = AgentIds.FromPath(http, trustDomain);
        if (problem is not null)
            return problem;
        var (body, bodyProblem) = await JsonBody.ReadAsync<MoveAgentRequest>(http.Request);
        if (bodyProblem is not null)
            return bodyProblem;
        var (target, targetProblem) = AgentIds.Parse(body!.SpiffeId, trustDomain);
        if (targetProblem is not null)
            return targetProblem;
        if (AgentMoves.CheckTarget(source!, target!) is { } badTarget)
            return Problems.BadRequest(badTarget);
        if (body.Reason is { Length: > 1024 })
            return Problems.BadRequest("reason must be at most 1024 characters");

        var agent = grains.GetGrain<IAgentGrain>(GrainKeys.Agent(source!));
        if (await agent.GetAsync() is null)
            return Problems.NotFound($"agent {source} is not registered");

        // The grain checks again; asking here first also keeps two agents moving onto each other's IDs from waiting on
        // each other (agents are never unregistered, so one of them always sees the other's ID taken). A target this
        // agent's own interrupted move registered is let through: asking again completes that move.
        if (await grains.GetGrain<IAgentGrain>(GrainKeys.Agent(target!)).GetAsync() is { } taken && taken.MovedFrom != source!.ToString())
            return Problems.Conflict($"agent {target} is already registered; a move needs an unused SPIFFE ID");

        var moved = await agent.MoveAsync(new AgentMove(target!.ToString(), http.Actor(), http.CorrelationId(), body.Reason));
        if (moved is not { Outcome: AgentMoveOutcome.Moved, Target: { } arrived })
            return Problems.Conflict($"agent {source} was not moved: {moved.Detail}");

        http.Response.Headers.Location = $"/v1/agents/{Uri.EscapeDataString(arrived.SpiffeId)}";
        return Results.Json(new MoveAgentResponse(AgentResponse.From(moved.Source), AgentResponse.From(arrived)), AimsJson.Options,
            statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> TokensAsync(HttpContext http, IGrainFactory grains, [FromServices] TrustDomain trustDomain)
    {
        var (spiffeId, problem) = AgentIds.FromPath(http, trustDomain);
        if (problem is not null)
            return problem;

        var agent = grains.GetGrain<IAgentGrain>(GrainKeys.Agent(spiffeId!));
        if (await agent.GetAsync() is null)
            return Problems.NotFound($"agent {spiffeId} is not registered");
        var tokens = await agent.GetTokensAsync();
        return Results.Json(new LiveTokenListResponse([.. tokens.Select(LiveTokenResponse.From)]), AimsJson.Options);
    }

    private static async Task<IResult> CredentialsAsync(HttpContext http, IGrainFactory grains, [FromServices] TrustDomain trustDomain)
    {
        var (spiffeId, problem) = AgentIds.FromPath(http, trustDomain);
        if (problem is not null)
            return problem;

        var agent = grains.GetGrain<IAgentGrain>(GrainKeys.Agent(spiffeId!));
        if (await agent.GetAsync() is null)
            return Problems.NotFound($"agent {spiffeId} is not registered");
        var credentials = await agent.GetCredentialsAsync();
        return Results.Json(
            new { credentials = credentials.Select(c => new CredentialResponse(c.Id, c.Kind, c.State, c.IssuedAt, c.ExpiresAt, c.Audience.Count > 0 ? c.Audience : null)) },
            AimsJson.Options);
    }

    private static async Task<IResult> SessionsAsync(HttpContext http, IGrainFactory grains, [FromServices] TrustDomain trustDomain)
    {
        var (spiffeId, problem) = AgentIds.FromPath(http, trustDomain);
        if (problem is not null)
            return problem;

        var agent = grains.GetGrain<IAgentGrain>(GrainKeys.Agent(spiffeId!));
        if (await agent.GetAsync() is null)
            return Problems.NotFound($"agent {spiffeId} is not registered");
        var sessions = await agent.GetSessionsAsync();
        return Results.Json(new SessionListResponse([.. sessions.Select(SessionResponse.From)]), AimsJson.Options);
    }
}
