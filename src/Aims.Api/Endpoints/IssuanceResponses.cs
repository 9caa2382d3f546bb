using System.Text.Json;
using Aims.Api.Bundles;
using Aims.Api.Contracts;
using Aims.Api.Http;
using Aims.Grains.Agents;
using Microsoft.AspNetCore.Http;

namespace Aims.Api.Endpoints;

/// <summary>Turns an issuance result into the API.md response shape or the problem it deserves.</summary>
internal static class IssuanceResponses
{
    public static IResult From(string spiffeId, IssuanceResult result, CurrentBundle bundle)
    {
        if (!result.Issued)
        {
            var failure = result.Failure!;
            return failure.Kind switch
            {
                IssuanceFailureKind.BadRequest => Problems.BadRequest(failure.Detail),
                IssuanceFailureKind.UnknownAgent => Problems.Forbidden(failure.Detail),
                _ => Problems.Forbidden(failure.Detail),
            };
        }

        using var document = JsonDocument.Parse(bundle.Json);
        return Results.Json(
            new IssuanceResponse(
                spiffeId,
                result.X509Svid?.ChainPem,
                result.X509Svid?.ExpiresAt,
                result.JwtSvids.Count == 0 ? null : [.. result.JwtSvids.Select(j => new JwtSvidResponse(j.Audience, j.Token, j.ExpiresAt))],
                result.Wit?.Token,
                result.Wit?.ExpiresAt,
                bundle.X509AuthoritiesPem,
                document.RootElement.Clone()),
            AimsJson.Options);
    }
}
