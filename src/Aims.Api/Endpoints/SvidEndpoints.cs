using Aims.Api.Bundles;
using Aims.Api.Contracts;
using Aims.Api.Http;
using Aims.Api.Security;
using Aims.Core.Identity;
using Aims.Grains;
using Aims.Grains.Agents;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Aims.Api.Endpoints;

/// <summary>Renewal for agents that authenticate with their current X509-SVID over mTLS, or with their WIT and a WPT.</summary>
public static class SvidEndpoints
{
    public static void MapSvidEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1").RequireAuthorization(AuthSchemes.AgentPolicy);
        group.MapPost("/svid/x509", async (HttpContext http, IGrainFactory g, BundleCache b) =>
        {
            var (body, problem) = await JsonBody.ReadAsync<X509RenewRequest>(http.Request);
            if (problem is not null)
                return problem;
            if (body!.Csr is null)
                return Problems.BadRequest("csr is required: a PEM PKCS#10 request signed by the key the new X509-SVID will carry");

            // Renewal spends nothing, so the CSR is checked once, by the issuer (a bad one comes back as a 400);
            // attestation checks it up front because a refused request would already have used the join token.
            return await RenewAsync(http, g, b, new Ask(body.Csr, null, []));
        });
        group.MapPost("/svid/jwt", async (HttpContext http, IGrainFactory g, BundleCache b) =>
        {
            var (body, problem) = await JsonBody.ReadAsync<JwtSvidRequest>(http.Request);
            if (problem is not null)
                return problem;
            var (audiences, audienceProblem) = IssuanceInputs.CheckAudiences(body!.Audience);
            if (audienceProblem is not null)
                return audienceProblem;
            if (audiences.Count == 0)
                return Problems.BadRequest("audience is required: the relying parties the JWT-SVID is for (JWT-SVID §3)");
            return await RenewAsync(http, g, b, new Ask(null, null, audiences));
        });
        group.MapPost("/wit", async (HttpContext http, IGrainFactory g, BundleCache b) =>
        {
            var (body, problem) = await JsonBody.ReadAsync<WitRequest>(http.Request);
            if (problem is not null)
                return problem;
            var (jwk, jwkProblem) = IssuanceInputs.CheckJwk(body!.Jwk);
            if (jwkProblem is not null)
                return jwkProblem;
            if (jwk is null)
                return Problems.BadRequest("jwk is required: the public key the WIT will be bound to (cnf.jwk)");
            return await RenewAsync(http, g, b, new Ask(null, jwk, []));
        });
    }

    private static async Task<IResult> RenewAsync(HttpContext http, IGrainFactory grains, BundleCache bundles, Ask ask)
    {
        var id = SpiffeId.Parse(http.User.FindFirst(AuthSchemes.SpiffeIdClaim)!.Value);
        var result = await grains.GetGrain<IAgentGrain>(GrainKeys.Agent(id)).RenewAsync(new IssuanceRequest(
            [], ask.Csr, ask.Jwk, ask.Audiences, http.CorrelationId(), "credential.renew"));
        return IssuanceResponses.From(id.ToString(), result, await bundles.GetAsync());
    }

    private sealed record Ask(string? Csr, string? Jwk, IReadOnlyList<string> Audiences);
}
