using Aims.Core.Identity;
using Aims.Core.Jose;

namespace Aims.Core.Credentials;

/// <summary>
/// A Workload Identity Token profiled as a WIT-SVID (draft-ietf-wimse-workload-creds §3, WIT-SVID): binds
/// <see cref="Subject"/> to the agent's public key <see cref="Confirmation"/> (<c>cnf.jwk</c>, RFC 7800 §3.2).
/// It is not a bearer token: accept it only with a proof of possession of that key (WIT-SVID §3.2).
/// <see cref="IssuedAt"/> is <see cref="DateTimeOffset.MinValue"/> and <see cref="Jti"/> empty when absent.
/// </summary>
public sealed record Wit(
    SpiffeId Subject,
    JsonWebKey Confirmation,
    DateTimeOffset IssuedAt,
    DateTimeOffset ExpiresAt,
    string Kid,
    string Jti,
    string Token)
{
    public override string ToString() => $"WIT {Subject} kid={Kid} jti={Jti} exp={ExpiresAt:O}";
}
