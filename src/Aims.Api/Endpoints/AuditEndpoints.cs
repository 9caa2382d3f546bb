using Aims.Api.Contracts;
using Aims.Api.Http;
using Aims.Api.Security;
using Aims.Core.Identity;
using Aims.Grains;
using Aims.Grains.Audit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Aims.Api.Endpoints;

public static class AuditEndpoints
{
    public static void MapAuditEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/audit").RequireAuthorization(AuthSchemes.OperatorPolicy);
        group.MapGet("/", async (string? agent, string? since, long? after, int? limit, IGrainFactory g, [FromServices] TrustDomain td) =>
        {
            DateTimeOffset? from = null;
            if (since is not null)
            {
                if (!DateTimeOffset.TryParse(since, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var parsed))
                    return Problems.BadRequest("since must be an RFC 3339 timestamp, e.g. 2026-11-28T21:00:00Z");
                from = parsed;
            }

            if (agent is not null && !SpiffeId.TryParse(agent, out _, out var error))
                return Problems.BadRequest($"agent must be a SPIFFE ID: {error}");

            var pageSize = Math.Clamp(limit ?? 100, 1, 1000);
            var records = await g.GetGrain<IAuditLogGrain>(GrainKeys.AuditLog(td)).QueryAsync(agent, from, after ?? 0, pageSize);
            return Results.Json(new AuditListResponse(records, records.Count == pageSize ? records[^1].Sequence : null), AimsJson.Options);
        });
        group.MapGet("/verify", async (IGrainFactory g, [FromServices] TrustDomain td) =>
            Results.Json(await g.GetGrain<IAuditLogGrain>(GrainKeys.AuditLog(td)).VerifyAsync(), AimsJson.Options));
    }
}
