using Aims.Api.Http;
using Aims.Core.Identity;
using Microsoft.AspNetCore.Http;

namespace Aims.Api.Endpoints;

/// <summary>Turns a SPIFFE ID from a path or body into a validated <see cref="SpiffeId"/> of the local trust domain.</summary>
internal static class AgentIds
{
    public static (SpiffeId? Id, IResult? Problem) FromPath(string encoded, TrustDomain trustDomain) =>
        Parse(Uri.UnescapeDataString(encoded), trustDomain);

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
