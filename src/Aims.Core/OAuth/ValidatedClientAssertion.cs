using Aims.Core.Identity;

namespace Aims.Core.OAuth;

/// <summary>
/// An authenticated client. The assertion is single-use: store <c>(ClientId, Jti)</c> in a replay cache until
/// <see cref="ReplayWindowEnd"/> and refuse a second request with the same pair (OIDC Core §9, RFC 7523 §3 item 7).
/// </summary>
/// <param name="SpiffeId">The agent's SPIFFE ID for a JWT-SVID assertion; null for private_key_jwt.</param>
/// <param name="Kid">The signing key's id; may be null for private_key_jwt.</param>
/// <param name="ReplayWindowEnd"><see cref="ExpiresAt"/> plus the clock skew: until then the assertion would still be accepted.</param>
public sealed record ValidatedClientAssertion(
    string ClientId,
    ClientAssertionKind Kind,
    SpiffeId? SpiffeId,
    string Jti,
    DateTimeOffset? IssuedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset ReplayWindowEnd,
    string? Kid)
{
    public override string ToString() => $"client {ClientId} ({Kind}) kid={Kid} jti={Jti} exp={ExpiresAt:O}";
}
