using Aims.Api.Attestation;
using Aims.Api.Bundles;
using Aims.Api.Contracts;
using Aims.Api.Http;
using Aims.Core.Attestation;
using Aims.Core.Identity;
using Aims.Core.Jose;
using Aims.Grains;
using Aims.Grains.Agents;
using Aims.Grains.Attestation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Aims.Api.Endpoints;

/// <summary>
/// <c>POST /v1/attest/challenge</c> and <c>POST /v1/attest</c>: verify evidence, then issue what was asked
/// (API.md "Credentials for agents").
/// </summary>
public static class AttestationEndpoints
{
    public static void MapAttestationEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/attest", AttestAsync).AllowAnonymous();
        app.MapPost("/v1/attest/challenge", ChallengeAsync).AllowAnonymous();
    }

    /// <summary>A fresh single-use nonce for TPM quotes; 32 random bytes, recorded by their hash, valid for the configured lifetime.</summary>
    private static async Task<IResult> ChallengeAsync(IGrainFactory grains, AttestationTrust trust)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var nonce = AttestationChallenge.NewNonce();
            if (await grains.GetGrain<IAttestationChallengeGrain>(GrainKeys.AttestationChallenge(nonce)).IssueAsync(trust.ChallengeTtl) is { } expiresAt)
                return Results.Json(new ChallengeResponse(Base64Url.Encode(nonce), expiresAt), AimsJson.Options);
        }

        // 2^256 nonces: three collisions in a row mean the random source is broken, not bad luck.
        throw new InvalidOperationException("Three fresh nonces were already issued; the random number generator is not random.");
    }

    private static async Task<IResult> AttestAsync(
        HttpContext http, IGrainFactory grains, [FromServices] TrustDomain trustDomain, BundleCache bundles, EvidenceVerifier verifier)
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
        if (evidence.Count > EvidenceVerifier.MaxItems)
            return Problems.BadRequest($"evidence may hold at most {EvidenceVerifier.MaxItems} items");
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

        var verified = await verifier.VerifyAsync(evidence, claimed, http.CorrelationId(), http.RequestAborted);
        switch (verified.Status)
        {
            case EvidenceStatus.Malformed:
                return Problems.BadRequest(verified.Detail!);
            case EvidenceStatus.Refused:
                return Problems.Forbidden(verified.Detail!);
        }

        var id = verified.Agent!;
        var records = verified.Evidence.Select(e => new EvidenceRecord(e.Type, e.VerifiedBy, e.Selectors)).ToList();
        var result = await grains.GetGrain<IAgentGrain>(GrainKeys.Agent(id)).AttestAndIssueAsync(new IssuanceRequest(
            verified.Types, body.Csr, jwk, audiences, http.CorrelationId(), "credential.issue", records, verified.NamedByEvidence));
        return IssuanceResponses.From(id.ToString(), result, await bundles.GetAsync());
    }
}
