using System.Text.Json.Serialization;
using Aims.Grains.Registration;

namespace Aims.Api.Contracts;

/// <summary><c>POST /v1/entries</c>: lifetimes in seconds, each capping what the workload's policy allows.</summary>
public sealed record CreateEntryRequest(
    [property: JsonPropertyName("spiffe_id")] string? SpiffeId,
    [property: JsonPropertyName("parent_id")] string? ParentId,
    [property: JsonPropertyName("selectors")] IReadOnlyList<string?>? Selectors,
    [property: JsonPropertyName("x509_svid_ttl")] long? X509SvidTtl,
    [property: JsonPropertyName("jwt_svid_ttl")] long? JwtSvidTtl,
    [property: JsonPropertyName("dns_names")] IReadOnlyList<string?>? DnsNames,
    [property: JsonPropertyName("hint")] string? Hint);

public sealed record EntryResponse(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("spiffe_id")] string SpiffeId,
    [property: JsonPropertyName("parent_id")] string ParentId,
    [property: JsonPropertyName("selectors")] IReadOnlyList<string> Selectors,
    [property: JsonPropertyName("x509_svid_ttl")] long? X509SvidTtl,
    [property: JsonPropertyName("jwt_svid_ttl")] long? JwtSvidTtl,
    [property: JsonPropertyName("dns_names")] IReadOnlyList<string> DnsNames,
    [property: JsonPropertyName("hint")] string? Hint,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("created_by")] string CreatedBy)
{
    public static EntryResponse From(RegistrationEntryView v) => new(
        v.Id, v.SpiffeId, v.ParentId, v.Selectors, Seconds(v.X509SvidTtl), Seconds(v.JwtSvidTtl), v.DnsNames, v.Hint, v.CreatedAt, v.CreatedBy);

    private static long? Seconds(TimeSpan? ttl) => ttl is { } value ? (long)value.TotalSeconds : null;
}

public sealed record EntryListResponse(
    [property: JsonPropertyName("entries")] IReadOnlyList<EntryResponse> Entries,
    [property: JsonPropertyName("next")] string? Next);

public sealed record DeleteEntryRequest([property: JsonPropertyName("reason")] string? Reason);
