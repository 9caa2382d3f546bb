using Aims.Api.Contracts;
using Aims.Api.Http;
using Aims.Api.Security;
using Aims.Core.Identity;
using Aims.Core.Registration;
using Aims.Grains;
using Aims.Grains.Agents;
using Aims.Grains.Registration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Aims.Api.Endpoints;

/// <summary>
/// Operator API for registration entries: which workload identity a node agent may hand to which processes
/// (<c>/v1/entries</c>). An entry's SPIFFE ID, parent and selectors never change; delete it and create another.
/// </summary>
public static class RegistrationEntryEndpoints
{
    private const int DefaultPageSize = 100;
    private const int MaxPageSize = 500;

    public static void MapRegistrationEntryEndpoints(this IEndpointRouteBuilder app)
    {
        var entries = app.MapGroup("/v1/entries").RequireAuthorization(AuthSchemes.OperatorPolicy);
        entries.MapPost("/", CreateAsync);
        entries.MapGet("/", ListAsync);
        entries.MapGet("/{id}", ShowAsync);
        entries.MapDelete("/{id}", DeleteAsync);
    }

    private static async Task<IResult> CreateAsync(HttpContext http, IGrainFactory grains, [FromServices] TrustDomain trustDomain)
    {
        var (body, problem) = await JsonBody.ReadAsync<CreateEntryRequest>(http.Request);
        if (problem is not null)
            return problem;

        var (entry, error) = RegistrationEntryRules.TryCreate(
            trustDomain, body!.SpiffeId, body.ParentId, body.Selectors, body.X509SvidTtl, body.JwtSvidTtl, body.DnsNames, body.Hint);
        if (error is not null)
            return Problems.BadRequest(error);

        var creation = await grains.GetGrain<IRegistrationEntryGrain>(GrainKeys.RegistrationEntry(entry!.Id)).CreateAsync(new CreateRegistrationEntry(
            body.SpiffeId!, body.ParentId!, entry.Selectors, body.X509SvidTtl, body.JwtSvidTtl, entry.DnsNames, entry.Hint, http.Actor(), http.CorrelationId()));
        return creation.Outcome switch
        {
            RegistrationEntryOutcome.Created => Results.Json(
                EntryResponse.From(creation.Entry!), AimsJson.Options, statusCode: StatusCodes.Status201Created),
            RegistrationEntryOutcome.AlreadyExists => Problems.Conflict(
                $"entry {creation.Entry!.Id} already has this spiffe_id, parent_id and selectors; delete it first to change its other fields"),
            _ => Problems.BadRequest(creation.Error!),
        };
    }

    private static async Task<IResult> ListAsync(HttpContext http, IGrainFactory grains, [FromServices] TrustDomain trustDomain)
    {
        var query = http.Request.Query;
        foreach (var name in query.Keys)
        {
            if (name is not ("parent_id" or "after" or "limit"))
                return Problems.BadRequest($"unknown query parameter '{name}'; use parent_id, after and limit");
        }

        var after = query["after"].ToString() is { Length: > 0 } a ? a : null;
        if (after is not null && !RegistrationEntryId.IsWellFormed(after))
            return Problems.BadRequest("after must be an entry id (32 lowercase hex characters) from a previous page's next");
        var limit = DefaultPageSize;
        if (query["limit"].ToString() is { Length: > 0 } limitText
            && (!int.TryParse(limitText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxPageSize))
            return Problems.BadRequest($"limit must be a whole number from 1 to {MaxPageSize}");

        IReadOnlyList<RegistrationEntryView> page;
        if (query["parent_id"].ToString() is { Length: > 0 } parentText)
        {
            if (!SpiffeId.TryParse(parentText, out var parent, out var parentError))
                return Problems.BadRequest($"parent_id is invalid: {parentError}");
            if (!parent.IsMemberOf(trustDomain))
                return Problems.BadRequest($"parent_id {parent} is outside the trust domain {trustDomain.Name}");
            page = await grains.GetGrain<IRegistrationEntryIndexGrain>(GrainKeys.RegistrationEntriesOfParent(parent)).ListAsync(after, limit + 1);
        }
        else
        {
            var ids = await grains.GetGrain<IRegistrationEntryDirectoryGrain>(GrainKeys.RegistrationEntryDirectory(trustDomain)).ListAsync(after, limit + 1);
            var views = await Task.WhenAll(ids.Select(id => grains.GetGrain<IRegistrationEntryGrain>(GrainKeys.RegistrationEntry(id)).GetAsync()));
            page = [.. views.Where(v => v is not null).Select(v => v!)];
        }

        var shown = page.Take(limit).ToList();
        var next = page.Count > limit ? shown[^1].Id : null;
        return Results.Json(new EntryListResponse([.. shown.Select(EntryResponse.From)], next), AimsJson.Options);
    }

    private static async Task<IResult> ShowAsync(string id, IGrainFactory grains)
    {
        if (!RegistrationEntryId.IsWellFormed(id))
            return Problems.BadRequest(MalformedId(id));

        var entry = await grains.GetGrain<IRegistrationEntryGrain>(GrainKeys.RegistrationEntry(id)).GetAsync();
        return entry is null ? Problems.NotFound($"there is no registration entry {id}") : Results.Json(EntryResponse.From(entry), AimsJson.Options);
    }

    private static async Task<IResult> DeleteAsync(string id, HttpContext http, IGrainFactory grains)
    {
        if (!RegistrationEntryId.IsWellFormed(id))
            return Problems.BadRequest(MalformedId(id));
        var (body, problem) = await JsonBody.ReadAsync<DeleteEntryRequest>(http.Request, allowEmpty: true);
        if (problem is not null)
            return problem;
        if (body?.Reason is { Length: > 1024 })
            return Problems.BadRequest("reason must be at most 1024 characters");

        var deleted = await grains.GetGrain<IRegistrationEntryGrain>(GrainKeys.RegistrationEntry(id))
            .DeleteAsync(new AdminAction(http.Actor(), http.CorrelationId(), body?.Reason));
        return deleted is null ? Problems.NotFound($"there is no registration entry {id}") : Results.NoContent();
    }

    private static string MalformedId(string id) =>
        $"'{(id.Length > 64 ? id[..64] + "…" : id)}' is not an entry id; ids are 32 lowercase hex characters (see GET /v1/entries)";
}
