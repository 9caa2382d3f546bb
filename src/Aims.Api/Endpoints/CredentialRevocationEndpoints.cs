using Aims.Api.Contracts;
using Aims.Api.Http;
using Aims.Api.Security;
using Aims.Core.Identity;
using Aims.Core.Revocation;
using Aims.Grains;
using Aims.Grains.Agents;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Aims.Api.Endpoints;

/// <summary>Explicit revocation of one credential of an agent (operator API).</summary>
public static class CredentialRevocationEndpoints
{
    private const int MaxCredentialIdLength = 128;

    public static void MapCredentialRevocationEndpoints(this IEndpointRouteBuilder app) =>
        app.MapPost("/v1/agents/{id}/credentials/{credentialId}/revoke", RevokeAsync).RequireAuthorization(AuthSchemes.OperatorPolicy);

    /// <summary>
    /// <c>{ "reason", "reason_code"? }</c> → 200 with the revoked credential; 404 when the agent or credential is unknown,
    /// 409 when the credential is already revoked or expired. <c>credentialId</c> is an X.509-SVID's serial (hex) or a
    /// JWT-SVID's or WIT's <c>jti</c>, as <c>GET /v1/agents/{id}/credentials</c> lists them.
    /// </summary>
    private static async Task<IResult> RevokeAsync(string credentialId, HttpContext http, IGrainFactory grains, [FromServices] TrustDomain trustDomain)
    {
        var (spiffeId, problem) = AgentIds.FromPath(http, trustDomain);
        if (problem is not null)
            return problem;
        if (credentialId.Length is 0 or > MaxCredentialIdLength || !credentialId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            return Problems.BadRequest($"credentialId must be an X.509-SVID serial in hex or a jti (base64url), at most {MaxCredentialIdLength} characters, as GET /v1/agents/{{id}}/credentials lists it");

        var (body, bodyProblem) = await JsonBody.ReadAsync<RevokeCredentialRequest>(http.Request);
        if (bodyProblem is not null)
            return bodyProblem;
        if (string.IsNullOrWhiteSpace(body!.Reason) || body.Reason.Length > 1024)
            return Problems.BadRequest("reason is required (at most 1024 characters): it goes into the audit log and the signals sent to receivers");
        var code = RevocationReason.Unspecified;
        if (body.ReasonCode is not null && !RevocationReasons.TryParse(body.ReasonCode, out code, out var codeError))
            return Problems.BadRequest(codeError);

        var agent = grains.GetGrain<IAgentGrain>(GrainKeys.Agent(spiffeId!));
        if (await agent.GetAsync() is null)
            return Problems.NotFound($"agent {spiffeId} is not registered");

        var outcome = await agent.RevokeCredentialAsync(new CredentialRevocation(credentialId, body.Reason, code, http.Actor(), http.CorrelationId()));
        return outcome switch
        {
            { Failure: CredentialRevocationFailure.NotFound } => Problems.NotFound(outcome.Detail!),
            { Failure: not null } => Problems.Conflict(outcome.Detail!),
            { Credential: { } c } => Results.Json(
                new RevokedCredentialResponse(
                    c.Id, c.Kind, c.State, c.IssuedAt, c.ExpiresAt, c.Audience.Count > 0 ? c.Audience : null,
                    outcome.RevokedAt!.Value, body.Reason, RevocationReasons.Name(outcome.Code)),
                AimsJson.Options),
            _ => throw new InvalidOperationException("A revocation outcome has either a credential or a failure."),
        };
    }
}
