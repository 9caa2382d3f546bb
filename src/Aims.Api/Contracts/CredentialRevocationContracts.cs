using Aims.Core.Credentials;

namespace Aims.Api.Contracts;

/// <summary><c>POST /v1/agents/{id}/credentials/{credentialId}/revoke</c>: the reason (text) and, optionally, the RFC 5280 reason code.</summary>
public sealed record RevokeCredentialRequest(string? Reason, string? ReasonCode);

/// <summary>The credential after its revocation.</summary>
public sealed record RevokedCredentialResponse(
    string Id,
    CredentialKind Kind,
    CredentialState State,
    DateTimeOffset IssuedAt,
    DateTimeOffset ExpiresAt,
    IReadOnlyList<string>? Audience,
    DateTimeOffset RevokedAt,
    string RevocationReason,
    string ReasonCode);
