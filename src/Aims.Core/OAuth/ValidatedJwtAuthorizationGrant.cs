using Aims.Core.Identity;

namespace Aims.Core.OAuth;

/// <summary>
/// A JWT authorization grant that passed every check of RFC 7523 §3. It is single-use: store
/// <c>(Issuer, Jti)</c> in a replay cache until <see cref="ReplayWindowEnd"/> and refuse a second request with the
/// same pair (RFC 7523 §3 item 7; identity chaining §5.3 "Limiting authorization grants to a single use").
/// </summary>
/// <param name="Issuer">The trusted issuer's <c>iss</c>.</param>
/// <param name="Subject">The asserted agent (RFC 7523 §3 item 2), a SPIFFE ID of a trust domain the issuer may assert.</param>
/// <param name="ReplayWindowEnd"><see cref="ExpiresAt"/> plus the clock skew: until then the assertion would still be accepted.</param>
public sealed record ValidatedJwtAuthorizationGrant(
    string Issuer,
    SpiffeId Subject,
    string Jti,
    string Kid,
    IReadOnlyList<string> Audience,
    DateTimeOffset? IssuedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset ReplayWindowEnd)
{
    /// <summary>The grant's <c>scope</c> claim (RFC 8693 §4.2), or null when it has none: the most a token for it may carry.</summary>
    public ScopeSet? Scope { get; init; }

    public override string ToString() => $"JWT grant of {Issuer} for {Subject} kid={Kid} jti={Jti} exp={ExpiresAt:O}";
}
