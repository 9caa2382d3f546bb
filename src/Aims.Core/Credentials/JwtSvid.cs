using Aims.Core.Identity;

namespace Aims.Core.Credentials;

/// <summary>
/// A JWT-SVID (SPIFFE JWT-SVID): a bearer JWT whose <c>sub</c> is a SPIFFE ID. <see cref="IssuedAt"/> is
/// <see cref="DateTimeOffset.MinValue"/> and <see cref="Jti"/> empty when a validated token carries no
/// <c>iat</c> or <c>jti</c> (both optional, JWT-SVID §3). Never log <see cref="Token"/>; log <see cref="Jti"/>.
/// </summary>
public sealed record JwtSvid(
    SpiffeId Subject,
    IReadOnlyList<string> Audience,
    DateTimeOffset IssuedAt,
    DateTimeOffset ExpiresAt,
    string Kid,
    string Jti,
    string Token)
{
    public override string ToString() => $"JWT-SVID {Subject} kid={Kid} jti={Jti} exp={ExpiresAt:O}";
}
