namespace Aims.Core.OAuth;

/// <summary>What an RFC 9068 access token says; the grant that produced it decided every value.</summary>
public sealed record AccessTokenRequest
{
    /// <summary>The authorization server's issuer identifier (RFC 8414 §2), written as <c>iss</c>.</summary>
    public required string Issuer { get; init; }

    /// <summary>The resource owner, or the client itself for client_credentials (RFC 9068 §2.2).</summary>
    public required string Subject { get; init; }

    /// <summary>One or more resource indicators (RFC 9068 §3, RFC 8707); one is written as a string.</summary>
    public required IReadOnlyList<string> Audience { get; init; }

    public required string ClientId { get; init; }

    /// <summary>The granted scope; the <c>scope</c> claim is omitted when it is empty.</summary>
    public ScopeSet Scope { get; init; } = ScopeSet.Empty;

    /// <summary>Lifetime; the token never outlives the signing key.</summary>
    public required TimeSpan Ttl { get; init; }

    /// <summary>
    /// The delegation chain (RFC 8693 §4.1): <c>Actors[0]</c> is the current actor, written as the outermost
    /// <c>act</c>; each following entry is a prior actor, nested one level deeper. At most
    /// <see cref="OAuthConstants.Limits.MaxActorDepth"/>.
    /// </summary>
    public IReadOnlyList<string> Actors { get; init; } = [];

    /// <summary>The one party that may act for <see cref="Subject"/>, written as <c>may_act</c> (RFC 8693 §4.4); null for none.</summary>
    public string? MayAct { get; init; }

    /// <summary>The <c>x5t#S256</c> of the client's mTLS certificate (RFC 8705 §3.1), or null for a bearer token.</summary>
    public string? CnfX5tS256 { get; init; }
}
