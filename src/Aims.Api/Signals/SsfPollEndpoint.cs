using System.Text.Json;
using Aims.Api.Http;
using Aims.Core.Signals.Streams;
using Aims.Grains.Signals;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Aims.Api.Signals;

/// <summary>
/// RFC 8936 poll delivery at <c>POST /ssf/poll?stream_id=…</c>: acknowledges, records <c>setErrs</c>, and returns
/// pending SETs, holding the request open (long poll) until one arrives or <see cref="LongPollTimeout"/> passes
/// unless <c>returnImmediately</c> is true.
/// </summary>
public static class SsfPollEndpoint
{
    public const string PollPath = "/ssf/poll";

    public static readonly TimeSpan LongPollTimeout = TimeSpan.FromSeconds(20);

    public static void MapSsfPollEndpoint(this IEndpointRouteBuilder app) =>
        app.MapPost(PollPath, PollAsync).AllowAnonymous().DisableAntiforgery();

    private static async Task<IResult> PollAsync(HttpContext http, SsfServices s, string? stream_id)
    {
        var (receiver, refusal) = await s.AuthorizeAsync(http, SsfAccess.ReadScope);
        if (refusal is not null)
            return refusal;
        if (stream_id is null)
            return Problems.BadRequest("stream_id is required as a query parameter: use the endpoint_url of the stream's poll delivery");

        var (body, problem) = await JsonBody.ReadAsync<JsonDocument>(http.Request, allowEmpty: true);
        if (problem is not null)
            return problem;
        PollRequest request;
        using (body)
        {
            if (!PollRequest.TryParse(body?.RootElement ?? JsonDocument.Parse("{}").RootElement, out var parsed, out var error))
                return Problems.BadRequest(error);
            request = parsed;
        }

        var stream = s.Stream(stream_id);
        var poll = new SsfPoll(receiver!, request.MaxEvents, request.Ack,
            request.SetErrors.ToDictionary(e => e.Key, e => $"{e.Value.Err}: {e.Value.Description}", StringComparer.Ordinal));
        var result = await stream.PollAsync(poll);
        if (result.Sets is null)
            return Problems.NotFound($"no stream '{stream_id}' for this receiver");

        if (result.Sets.Count == 0 && request.MaxEvents > 0 && !request.ReturnImmediately)
        {
            await stream.WaitForEventsAsync(LongPollTimeout);
            result = await stream.PollAsync(poll with { Ack = [], SetErrors = new Dictionary<string, string>() });
        }

        http.Response.Headers.CacheControl = "no-store";
        var response = new Dictionary<string, object> { ["sets"] = result.Sets ?? new Dictionary<string, string>() };
        if (result.MoreAvailable)
            response["moreAvailable"] = true;
        return Results.Json(response);
    }
}
