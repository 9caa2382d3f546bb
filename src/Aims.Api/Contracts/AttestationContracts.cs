namespace Aims.Api.Contracts;

/// <summary><c>POST /v1/attest/challenge</c>: a base64url nonce of 32 bytes, single-use, valid until <paramref name="ExpiresAt"/>.</summary>
public sealed record ChallengeResponse(string Nonce, DateTimeOffset ExpiresAt);

/// <summary><c>POST /v1/agents/{id}/tpm-keys</c>: the AK's PEM public key and, optionally, PCR values (index → hex SHA-256) its quotes must show.</summary>
public sealed record TpmKeyRequest(string? PublicKey, IReadOnlyDictionary<string, string>? Pcrs);

public sealed record TpmKeyResponse(string AkId, string SpiffeId, string Selector, IReadOnlyDictionary<string, string> Pcrs, DateTimeOffset EnrolledAt);
