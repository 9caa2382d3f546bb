using System.Text.Json;
using Aims.Core.Credentials;

namespace Aims.Api.Contracts;

public sealed record JoinTokenRequest(string? SpiffeId, int? TtlSeconds);

public sealed record JoinTokenResponse(string Token, string SpiffeId, DateTimeOffset ExpiresAt);

public sealed record EvidenceRequest(string? Type, string? Token);

public sealed record AttestRequest(
    string? SpiffeId,
    IReadOnlyList<JsonElement>? Evidence,
    string? Csr,
    JsonElement? Jwk,
    IReadOnlyList<string>? Audience);

public sealed record JwtSvidResponse(IReadOnlyList<string> Aud, string Token, DateTimeOffset ExpiresAt);

public sealed record IssuanceResponse(
    string SpiffeId,
    string? X509Svid,
    DateTimeOffset? X509SvidExpiresAt,
    IReadOnlyList<JwtSvidResponse>? JwtSvids,
    string? Wit,
    DateTimeOffset? WitExpiresAt,
    string TrustBundle,
    JsonElement SpiffeBundle);

public sealed record X509RenewRequest(string? Csr);

public sealed record JwtSvidRequest(IReadOnlyList<string>? Audience);

public sealed record WitRequest(JsonElement? Jwk);

public sealed record CredentialResponse(string Id, CredentialKind Kind, CredentialState State, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt, IReadOnlyList<string>? Audience);
