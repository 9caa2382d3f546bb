using System.Text.Json;
using Aims.Api.Bundles;
using Aims.Api.Contracts;
using Aims.Api.Http;
using Aims.Core.Attestation;
using Aims.Core.Identity;
using Aims.Grains;
using Aims.Grains.Agents;
using Aims.Grains.Audit;
using Aims.Grains.JoinTokens;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Aims.Api.Endpoints;

/// <summary><c>POST /v1/attest</c>: verify evidence, then issue what was asked (API.md "Credentials for agents").</summary>
public static class AttestationEndpoints
{
    private const int MaxEvidence = 8;

    public static void MapAttestationEndpoints(this IEndpointRouteBuilder app) =>
        app.MapPost("/v1/attest", AttestAsync).AllowAnonymous();

    private static async Task<IResult> AttestAsync(HttpContext http, IGrainFactory grains, [FromServices] TrustDomain trustDomain, BundleCache bundles)
    {
        var (body, problem) = await JsonBody.ReadAsync<AttestRequest>(http.Request);
        if (problem is not null)
            return problem;

        SpiffeId? claimed = null;
        if (body!.SpiffeId is not null)
        {
            (claimed, problem) = AgentIds.Parse(body.SpiffeId, trustDomain);
            if (problem is not null)
                return problem;
        }

        if (body.Evidence is not { Count: > 0 } evidence)
            return Problems.BadRequest("evidence is required: an array such as [{\"type\":\"join_token\",\"token\":\"…\"}]");
        if (evidence.Count > MaxEvidence)
            return Problems.BadRequest($"evidence may hold at most {MaxEvidence} items");
        if (IssuanceInputs.CheckCsr(body.Csr) is { } csrProblem)
            return csrProblem;
        var (jwk, jwkProblem) = IssuanceInputs.CheckJwk(body.Jwk);
        if (jwkProblem is not null)
            return jwkProblem;
        var (audiences, audienceProblem) = IssuanceInputs.CheckAudiences(body.Audience);
        if (audienceProblem is not null)
            return audienceProblem;
        if (body.Csr is null && jwk is null && audiences.Count == 0)
            return Problems.BadRequest("ask for at least one credential: a csr (X509-SVID), audience (JWT-SVID) or jwk (WIT)");

        var verified = await VerifyEvidenceAsync(evidence, claimed, grains, trustDomain, http);
        if (verified.Problem is not null)
            return verified.Problem;

        var id = verified.SpiffeId!;
        var result = await grains.GetGrain<IAgentGrain>(GrainKeys.Agent(id)).AttestAndIssueAsync(new IssuanceRequest(
            verified.Types, body.Csr, jwk, audiences, http.CorrelationId(), "credential.issue"));
        return IssuanceResponses.From(id.ToString(), result, await bundles.GetAsync());
    }

    private static async Task<(SpiffeId? SpiffeId, IReadOnlyList<string> Types, IResult? Problem)> VerifyEvidenceAsync(
        IReadOnlyList<JsonElement> evidence, SpiffeId? claimed, IGrainFactory grains, [FromServices] TrustDomain trustDomain, HttpContext http)
    {
        SpiffeId? attested = null;
        var types = new List<string>();
        foreach (var item in evidence)
        {
            if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
                return (null, [], Problems.BadRequest("each evidence item must be an object with a string \"type\""));

            var type = typeElement.GetString()!;
            if (type != JoinTokenRules.EvidenceType)
                return (null, [], Problems.BadRequest($"evidence type '{type}' is not supported; supported: {JoinTokenRules.EvidenceType}"));
            if (!item.TryGetProperty("token", out var tokenElement) || tokenElement.ValueKind != JsonValueKind.String || tokenElement.GetString() is not { Length: > 0 and <= 256 } token)
                return (null, [], Problems.BadRequest("join_token evidence needs a \"token\" string"));

            var redemption = await grains.GetGrain<IJoinTokenGrain>(GrainKeys.JoinToken(token)).RedeemAsync();
            var boundTo = redemption.SpiffeId is null ? null : SpiffeId.Parse(redemption.SpiffeId);
            var refusal = !redemption.Accepted ? redemption.Reason
                : claimed is not null && boundTo != claimed ? $"the join token belongs to another agent, not {claimed}"
                : attested is not null && boundTo != attested ? "the evidence items name different agents"
                : boundTo is null || !boundTo.IsMemberOf(trustDomain) ? "the join token belongs to another trust domain"
                : null;
            if (refusal is not null)
            {
                await grains.GetGrain<IAuditLogGrain>(GrainKeys.AuditLog(trustDomain)).AppendAsync(new AuditEntryMessage(
                    "agent.attest", "Denied", AgentId: (claimed ?? boundTo)?.ToString(), Resource: "evidence:join_token",
                    CorrelationId: http.CorrelationId(), Actor: (claimed ?? boundTo)?.ToString(), Detail: refusal));
                return (null, [], Problems.Forbidden(refusal));
            }

            attested = boundTo;
            types.Add(type);
        }

        return (attested, types, null);
    }
}
