using Aims.Api.Http;
using Aims.Core.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Aims.Api.Endpoints;

/// <summary>Turns a SPIFFE ID from a path or body into a validated <see cref="SpiffeId"/> of the local trust domain.</summary>
internal static class AgentIds
{
    /// <summary>
    /// The agent ID of <c>/v1/agents/{id}/…</c>, percent-decoded exactly once from the raw request target (the
    /// routed value is already partly decoded, so decoding it again would turn <c>%2541</c> into <c>A</c>).
    /// </summary>
    public static (SpiffeId? Id, IResult? Problem) FromPath(HttpContext http, TrustDomain trustDomain)
    {
        const string prefix = "/v1/agents/";

        // Kestrel keeps the raw target; other servers (TestServer) give only the path, already decoded except "%2F".
        var raw = http.Features.Get<IHttpRequestFeature>()?.RawTarget;
        var fromRaw = !string.IsNullOrEmpty(raw);
        var path = fromRaw ? raw! : http.Request.Path.Value ?? string.Empty;
        var start = path.IndexOf(prefix, StringComparison.OrdinalIgnoreCase);
        var segment = start < 0 ? string.Empty : path[(start + prefix.Length)..];
        var end = segment.IndexOfAny(['/', '?']);
        segment = end < 0 ? segment : segment[..end];
        if (segment.Length == 0)
            return (null, Problems.BadRequest("the path must name an agent: /v1/agents/{url-encoded SPIFFE ID}"));
        var id = fromRaw ? Uri.UnescapeDataString(segment) : segment.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
        return Parse(id, trustDomain);
    }

    public static (SpiffeId? Id, IResult? Problem) Parse(string? value, TrustDomain trustDomain)
    {
        if (string.IsNullOrEmpty(value))
            return (null, Problems.BadRequest("spiffe_id is required, e.g. spiffe://" + trustDomain.Name + "/agents/name"));
        if (!SpiffeId.TryParse(value, out var id, out var error))
            return (null, Problems.BadRequest($"spiffe_id is invalid: {error}"));
        if (!id.IsMemberOf(trustDomain))
            return (null, Problems.BadRequest(SpiffeIdErrors.NotInTrustDomain(id.ToString(), trustDomain.Name)));
        if (id.Path.Length == 0)
            return (null, Problems.BadRequest("spiffe_id must have a path; the bare trust domain ID names the trust domain, not an agent (SPIFFE-ID §2.2)"));
        return (id, null);
    }
}
