using Aims.Api.Contracts;
using Aims.Api.Http;
using Aims.Api.Security;
using Aims.Core.Federation;
using Aims.Core.Identity;
using Aims.Grains;
using Aims.Grains.Federation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Aims.Api.Endpoints;

/// <summary>
/// Operator view of SPIFFE federation: <c>GET /v1/federation</c> lists the relationships and how current each
/// foreign bundle is; <c>POST /v1/federation/{trustDomain}/refresh</c> fetches one now.
/// </summary>
public static class FederationEndpoints
{
    public static void MapFederationEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/federation").RequireAuthorization(AuthSchemes.OperatorPolicy);
        group.MapGet(string.Empty, ListAsync);
        group.MapPost("/{trustDomain}/refresh", RefreshAsync);
    }

    private static async Task<IResult> ListAsync(IGrainFactory grains, [FromServices] TrustDomain local)
    {
        var statuses = await grains.GetGrain<IFederationDirectoryGrain>(GrainKeys.FederationDirectory(local)).ListAsync();
        return Results.Json(new FederationListResponse([.. statuses.Select(FederationRelationshipResponse.From)]), AimsJson.Options);
    }

    private static async Task<IResult> RefreshAsync(string trustDomain, IGrainFactory grains, [FromServices] FederationRelationships relationships)
    {
        if (!TrustDomain.TryParse(trustDomain, out var td, out var error))
            return Problems.BadRequest($"'{trustDomain}' is not a trust domain name: {error}");
        if (!relationships.TryFind(td, out _))
            return Problems.NotFound($"no federation relationship is configured for trust domain {td} (Aims:Federation:Relationships)");
        var status = await grains.GetGrain<IFederatedBundleGrain>(GrainKeys.FederatedBundle(td)).RefreshAsync();
        return Results.Json(FederationRelationshipResponse.From(status), AimsJson.Options);
    }
}
