using System.Text.Json;
using Aims.Grains.Federation;

namespace Aims.Api.Contracts;

/// <summary><c>GET /v1/federation</c>: every configured relationship.</summary>
public sealed record FederationListResponse(IReadOnlyList<FederationRelationshipResponse> Relationships);

/// <summary>One relationship: where its bundle comes from and how current it is.</summary>
/// <param name="State"><c>unfetched</c>, <c>current</c>, <c>stale</c> or <c>not_configured</c>.</param>
public sealed record FederationRelationshipResponse(
    string TrustDomain,
    string? Endpoint,
    string? Profile,
    string State,
    long? Sequence,
    DateTimeOffset? FetchedAt,
    DateTimeOffset? NextRefreshAt,
    string? LastError)
{
    public static FederationRelationshipResponse From(FederatedBundleStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        return new(status.TrustDomain, status.Endpoint, status.Profile, JsonNamingPolicy.SnakeCaseLower.ConvertName(status.State),
            status.Sequence, status.FetchedAt, status.NextRefreshAt, status.LastError);
    }
}
