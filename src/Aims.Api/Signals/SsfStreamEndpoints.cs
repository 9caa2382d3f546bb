using System.Text.Json;
using Aims.Api.Bundles;
using Aims.Api.Http;
using Aims.Api.OAuth;
using Aims.Grains;
using Aims.Grains.Signals;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Aims.Api.Signals;

/// <summary>SSF 1.0 §8 stream management: configuration, status, subjects and verification, per receiver.</summary>
public static class SsfStreamEndpoints
{
    public const string StreamsPath = "/ssf/streams";
    public const string StatusPath = "/ssf/status";
    public const string AddSubjectPath = "/ssf/subjects:add";
    public const string RemoveSubjectPath = "/ssf/subjects:remove";
    public const string VerifyPath = "/ssf/verify";

    public static void MapSsfStreamEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost(StreamsPath, CreateAsync).AllowAnonymous().DisableAntiforgery();
        app.MapGet(StreamsPath, ReadAsync).AllowAnonymous();
        app.MapPatch(StreamsPath, (HttpContext http, SsfServices s) => UpdateAsync(http, s, replace: false)).AllowAnonymous().DisableAntiforgery();
        app.MapPut(StreamsPath, (HttpContext http, SsfServices s) => UpdateAsync(http, s, replace: true)).AllowAnonymous().DisableAntiforgery();
        app.MapDelete(StreamsPath, DeleteAsync).AllowAnonymous();
        app.MapGet(StatusPath, ReadStatusAsync).AllowAnonymous();
        app.MapPost(StatusPath, UpdateStatusAsync).AllowAnonymous().DisableAntiforgery();
        app.MapPost(AddSubjectPath, (HttpContext http, SsfServices s) => ChangeSubjectAsync(http, s, add: true)).AllowAnonymous().DisableAntiforgery();
        app.MapPost(RemoveSubjectPath, (HttpContext http, SsfServices s) => ChangeSubjectAsync(http, s, add: false)).AllowAnonymous().DisableAntiforgery();
        app.MapPost(VerifyPath, VerifyAsync).AllowAnonymous().DisableAntiforgery();
    }

    private static async Task<IResult> CreateAsync(HttpContext http, SsfServices s)
    {
        var (receiver, refusal) = await s.AuthorizeAsync(http, SsfAccess.ManageScope);
        if (refusal is not null)
            return refusal;
        var (body, problem) = await JsonBody.ReadAsync<JsonDocument>(http.Request, allowEmpty: true);
        if (problem is not null)
            return problem;

        var owned = await s.Directory.ListAsync(receiver);
        if (owned.Count >= Grains.Signals.SsfStreamDirectoryGrainLimits.MaxStreamsPerReceiver)
            return Problems.Conflict($"receiver {receiver} already has {owned.Count} streams, the most allowed; delete one first");

        var streamId = Guid.NewGuid().ToString("N");
        var outcome = await s.Stream(streamId).CreateAsync(new SsfStreamCreate(receiver!, body?.RootElement.GetRawText() ?? "{}", s.Issuer.Url, http.CorrelationId()));
        body?.Dispose();
        return outcome.Stream is { } stream ? Configuration(stream, StatusCodes.Status201Created) : Refuse(outcome);
    }

    private static async Task<IResult> ReadAsync(HttpContext http, SsfServices s, string? stream_id)
    {
        var (receiver, refusal) = await s.AuthorizeAsync(http, SsfAccess.ReadScope);
        if (refusal is not null)
            return refusal;

        if (stream_id is null)
        {
            // SSF 1.0 §8.1.1.2: without stream_id, every stream of this receiver.
            var views = new List<string>();
            foreach (var id in await s.Directory.ListAsync(receiver))
            {
                if (await s.Stream(id).GetAsync(receiver!) is { } view)
                    views.Add(view.ConfigurationJson);
            }

            return RawJson("[" + string.Join(',', views) + "]", StatusCodes.Status200OK);
        }

        return await s.Stream(stream_id).GetAsync(receiver!) is { } found ? Configuration(found, StatusCodes.Status200OK) : NotFound(stream_id);
    }

    private static async Task<IResult> UpdateAsync(HttpContext http, SsfServices s, bool replace)
    {
        var (receiver, refusal) = await s.AuthorizeAsync(http, SsfAccess.ManageScope);
        if (refusal is not null)
            return refusal;
        var (body, problem) = await JsonBody.ReadAsync<JsonDocument>(http.Request);
        if (problem is not null)
            return problem;

        using (body)
        {
            if (StreamIdOf(body!.RootElement) is not { } streamId)
                return Problems.BadRequest("stream_id is required in the body (SSF 1.0 section 8.1.1.3)");
            var outcome = await s.Stream(streamId).UpdateAsync(receiver!, body.RootElement.GetRawText(), replace);
            return outcome.Stream is { } stream ? Configuration(stream, StatusCodes.Status200OK) : Refuse(outcome);
        }
    }

    private static async Task<IResult> DeleteAsync(HttpContext http, SsfServices s, string? stream_id)
    {
        var (receiver, refusal) = await s.AuthorizeAsync(http, SsfAccess.ManageScope);
        if (refusal is not null)
            return refusal;
        if (stream_id is null)
            return Problems.BadRequest("stream_id is required as a query parameter (SSF 1.0 section 8.1.1.5)");
        return await s.Stream(stream_id).DeleteAsync(receiver!) ? Results.NoContent() : NotFound(stream_id);
    }

    private static async Task<IResult> ReadStatusAsync(HttpContext http, SsfServices s, string? stream_id)
    {
        var (receiver, refusal) = await s.AuthorizeAsync(http, SsfAccess.ReadScope);
        if (refusal is not null)
            return refusal;
        if (stream_id is null)
            return Problems.BadRequest("stream_id is required as a query parameter (SSF 1.0 section 8.1.2.1)");
        return await s.Stream(stream_id).GetAsync(receiver!) is { } view ? Status(view) : NotFound(stream_id);
    }

    private static async Task<IResult> UpdateStatusAsync(HttpContext http, SsfServices s)
    {
        var (receiver, refusal) = await s.AuthorizeAsync(http, SsfAccess.ManageScope);
        if (refusal is not null)
            return refusal;
        var (body, problem) = await JsonBody.ReadAsync<StatusRequest>(http.Request);
        if (problem is not null)
            return problem;
        if (body!.StreamId is null || body.Status is null)
            return Problems.BadRequest("stream_id and status are required (SSF 1.0 section 8.1.2.2)");

        var outcome = await s.Stream(body.StreamId).SetStatusAsync(receiver!, body.Status, body.Reason);
        return outcome.Stream is { } view ? Status(view) : Refuse(outcome);
    }

    private static async Task<IResult> ChangeSubjectAsync(HttpContext http, SsfServices s, bool add)
    {
        var (receiver, refusal) = await s.AuthorizeAsync(http, SsfAccess.ManageScope);
        if (refusal is not null)
            return refusal;
        var (body, problem) = await JsonBody.ReadAsync<JsonDocument>(http.Request);
        if (problem is not null)
            return problem;

        using (body)
        {
            var root = body!.RootElement;
            if (StreamIdOf(root) is not { } streamId)
                return Problems.BadRequest("stream_id is required (SSF 1.0 section 8.1.3)");
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("subject", out var subject))
                return Problems.BadRequest("subject is required: a subject identifier such as {\"format\":\"uri\",\"uri\":\"spiffe://…\"}");

            var outcome = await s.Stream(streamId).ChangeSubjectAsync(receiver!, subject.GetRawText(), add);
            if (outcome.Stream is null)
                return Refuse(outcome);
            // SSF 1.0 §8.1.3.2: 200 for an add, 204 for a remove.
            return add ? Results.Ok() : Results.NoContent();
        }
    }

    private static async Task<IResult> VerifyAsync(HttpContext http, SsfServices s)
    {
        var (receiver, refusal) = await s.AuthorizeAsync(http, SsfAccess.ManageScope);
        if (refusal is not null)
            return refusal;
        var (body, problem) = await JsonBody.ReadAsync<VerifyRequest>(http.Request);
        if (problem is not null)
            return problem;
        if (body!.StreamId is null)
            return Problems.BadRequest("stream_id is required (SSF 1.0 section 8.1.4.2)");

        var outcome = await s.Stream(body.StreamId).VerifyAsync(receiver!, body.State);
        return outcome.Stream is not null ? Results.NoContent() : Refuse(outcome);
    }

    private static string? StreamIdOf(JsonElement body) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty("stream_id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;

    private static NoStoreJson Configuration(SsfStreamView view, int status) => RawJson(view.ConfigurationJson, status);

    private static IResult Status(SsfStreamView view)
    {
        var body = new Dictionary<string, string> { ["stream_id"] = view.StreamId, ["status"] = view.Status };
        if (view.Reason is not null)
            body["reason"] = view.Reason;
        return Results.Json(body);
    }

    private static NoStoreJson RawJson(string json, int status) => new(json, status);

    private static IResult NotFound(string streamId) => Problems.NotFound($"no stream '{streamId}' for this receiver");

    private static IResult Refuse(SsfStreamOutcome outcome) =>
        outcome.Status == StatusCodes.Status404NotFound
            ? Problems.NotFound(outcome.Error!)
            : Problems.Problem(outcome.Status, outcome.Status == StatusCodes.Status429TooManyRequests ? "Too many requests" : "Bad request", outcome.Error!);

    private sealed record StatusRequest(string? StreamId, string? Status, string? Reason);

    private sealed record VerifyRequest(string? StreamId, string? State);

    private sealed class NoStoreJson(string json, int status) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = status;
            httpContext.Response.ContentType = "application/json";
            httpContext.Response.Headers.CacheControl = "no-store";
            return httpContext.Response.WriteAsync(json);
        }
    }
}
