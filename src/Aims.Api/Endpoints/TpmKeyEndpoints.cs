using System.Globalization;
using Aims.Api.Contracts;
using Aims.Api.Http;
using Aims.Api.Security;
using Aims.Core.Attestation.Tpm;
using Aims.Core.Identity;
using Aims.Grains;
using Aims.Grains.Attestation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Aims.Api.Endpoints;

/// <summary>
/// Operator enrolment of TPM attestation keys: <c>POST /v1/agents/{id}/tpm-keys</c> enrols an AK (PEM public key,
/// optionally the PCR values its quotes must show) for the agent; <c>GET</c> and <c>DELETE</c>
/// <c>/v1/agents/{id}/tpm-keys/{ak_id}</c> show and withdraw it. A quote by an AK that is not enrolled is refused.
/// </summary>
public static class TpmKeyEndpoints
{
    public static void MapTpmKeyEndpoints(this IEndpointRouteBuilder app)
    {
        var keys = app.MapGroup("/v1/agents/{id}/tpm-keys").RequireAuthorization(AuthSchemes.OperatorPolicy);
        keys.MapPost("/", EnrolAsync);
        keys.MapGet("/{akId}", ShowAsync);
        keys.MapDelete("/{akId}", RemoveAsync);
    }

    private static async Task<IResult> EnrolAsync(HttpContext http, IGrainFactory grains, [FromServices] TrustDomain trustDomain)
    {
        var (agent, problem) = AgentIds.FromPath(http, trustDomain);
        if (problem is not null)
            return problem;
        var (body, bodyProblem) = await JsonBody.ReadAsync<TpmKeyRequest>(http.Request);
        if (bodyProblem is not null)
            return bodyProblem;

        var pcrs = new Dictionary<int, byte[]>();
        foreach (var (index, hex) in body!.Pcrs ?? new Dictionary<string, string>())
        {
            if (!int.TryParse(index, NumberStyles.None, CultureInfo.InvariantCulture, out var pcr) || pcr.ToString(CultureInfo.InvariantCulture) != index
                || hex is not { Length: 64 } || !hex.All(char.IsAsciiHexDigit))
                return Problems.BadRequest($"pcrs must map PCR indices (0-23) to 64 hex characters of SHA-256 bank values; '{index}' is not acceptable");
            pcrs[pcr] = Convert.FromHexString(hex);
        }

        if (!TpmAttestationKey.TryCreate(body.PublicKey, pcrs, out var key, out var error))
            return Problems.BadRequest($"public_key is not an acceptable attestation key: {error}");

        var result = await grains.GetGrain<ITpmKeyGrain>(GrainKeys.TpmKey(key.Id)).EnrolAsync(new TpmKeyEnrolment(
            agent!.ToString(), key.SubjectPublicKeyInfo, key.AllowedPcrs, http.Actor(), http.CorrelationId()));
        if (result.Key is { } enrolled)
            return Results.Json(Response(enrolled), AimsJson.Options, statusCode: StatusCodes.Status201Created);
        return result.Conflict ? Problems.Conflict(result.Error!)
            : result.Error!.Contains("not registered", StringComparison.Ordinal) ? Problems.NotFound(result.Error)
            : Problems.BadRequest(result.Error);
    }

    private static async Task<IResult> ShowAsync(HttpContext http, string akId, IGrainFactory grains, [FromServices] TrustDomain trustDomain)
    {
        var (agent, problem) = AgentIds.FromPath(http, trustDomain);
        if (problem is not null)
            return problem;

        var enrolled = await grains.GetGrain<ITpmKeyGrain>(GrainKeys.TpmKey(akId.ToLowerInvariant())).GetAsync();
        return enrolled is null || enrolled.SpiffeId != agent!.ToString()
            ? Problems.NotFound($"attestation key {akId} is not enrolled for {agent}")
            : Results.Json(Response(enrolled), AimsJson.Options);
    }

    private static async Task<IResult> RemoveAsync(HttpContext http, string akId, IGrainFactory grains, [FromServices] TrustDomain trustDomain)
    {
        var (agent, problem) = AgentIds.FromPath(http, trustDomain);
        if (problem is not null)
            return problem;

        return await grains.GetGrain<ITpmKeyGrain>(GrainKeys.TpmKey(akId.ToLowerInvariant())).RemoveAsync(agent!.ToString(), http.Actor(), http.CorrelationId())
            ? Results.NoContent()
            : Problems.NotFound($"attestation key {akId} is not enrolled for {agent}");
    }

    private static TpmKeyResponse Response(TpmKeyView key) => new(
        key.KeyId, key.SpiffeId, TpmSelectors.AttestationKey(key.KeyId),
        key.AllowedPcrs.OrderBy(p => p.Key).ToDictionary(p => p.Key.ToString(CultureInfo.InvariantCulture), p => Convert.ToHexStringLower(p.Value)),
        key.EnrolledAt);
}
