using Aims.Api.Http;
using Aims.Api.OAuth;
using Aims.Api.Security;
using Aims.Grains;
using Aims.Grains.OAuth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;

namespace Aims.Api.Endpoints;

/// <summary>Operator view of RFC 7591 registrations: <c>GET /v1/oauth/clients/{client_id}</c> (an agent's client_id URL-encoded whole).</summary>
public static class OAuthClientEndpoints
{
    private const string Prefix = "/v1/oauth/clients/";
    private const int MaxClientIdLength = 2048;

    public static void MapOAuthClientEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGroup("/v1/oauth/clients").RequireAuthorization(AuthSchemes.OperatorPolicy).MapGet("/{clientId}", ShowAsync);

    private static async Task<IResult> ShowAsync(HttpContext http, IGrainFactory grains)
    {
        var clientId = ClientIdFromPath(http);
        if (clientId.Length is 0 or > MaxClientIdLength)
            return Problems.BadRequest($"the path must name a client: {Prefix}{{client_id}}, with an agent's SPIFFE ID URL-encoded whole");

        var client = await grains.GetGrain<IOAuthClientGrain>(GrainKeys.OAuthClient(clientId)).GetAsync();
        if (client is null)
            return Problems.NotFound($"no client with client_id {clientId} is registered (RFC 7591 registrations are made at POST /oauth2/register)");

        var body = RegisteredClientResponse.From(client);
        body["is_agent"] = client.IsAgent;
        return Results.Json(body, AimsJson.Options);
    }

    /// <summary>
    /// The client_id segment, percent-decoded exactly once from the raw request target when the server keeps it
    /// (see <see cref="AgentIds.FromPath"/>: the routed value is already partly decoded).
    /// </summary>
    private static string ClientIdFromPath(HttpContext http)
    {
        var raw = http.Features.Get<IHttpRequestFeature>()?.RawTarget;
        var fromRaw = !string.IsNullOrEmpty(raw);
        var path = fromRaw ? raw! : http.Request.Path.Value ?? string.Empty;
        var start = path.IndexOf(Prefix, StringComparison.OrdinalIgnoreCase);
        var segment = start < 0 ? string.Empty : path[(start + Prefix.Length)..];
        var end = segment.IndexOfAny(['/', '?']);
        segment = end < 0 ? segment : segment[..end];
        return fromRaw ? Uri.UnescapeDataString(segment) : segment.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
    }
}
