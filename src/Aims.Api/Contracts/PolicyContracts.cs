using System.Text.Json;

namespace Aims.Api.Contracts;

public sealed record PolicyResponse(string Name, int Version, string Sha256, DateTimeOffset CreatedAt, string Author, JsonElement Document);

public sealed record PolicyVersionsResponse(string Name, IReadOnlyList<PolicyResponse> Versions);

public sealed record PolicyEvaluateRequest(string? SpiffeId, IReadOnlyList<string>? Attestation, IReadOnlyList<string>? Audience, int? Version);

public sealed record PolicyEvaluateResponse(
    bool Allowed,
    string Reason,
    int Version,
    int? RuleIndex,
    string? Rule,
    int? X509SvidTtlSeconds,
    int? JwtSvidTtlSeconds,
    int? WitTtlSeconds);
