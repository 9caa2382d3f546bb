namespace Aims.Core.OAuth.Chaining;

/// <summary>What a JWT authorization grant for identity chaining says; the exchange that produced it decided every value.</summary>
public sealed record AuthorizationGrantRequest
{
    /// <summary>This authorization server's issuer identifier (RFC 8414 §2), written as <c>iss</c>.</summary>
    public required string Issuer { get; init; }

    /// <summary>The principal the grant is for: the subject token's <c>sub</c>, an agent's SPIFFE ID (RFC 7523 §3 item 2).</summary>
    public required string Subject { get; init; }

    /// <summary>
    /// The partner authorization server's issuer identifier: the single <c>aud</c>, so the grant cannot be presented
    /// anywhere else (draft-ietf-oauth-identity-chaining §2.3.3).
    /// </summary>
    public required string Audience { get; init; }

    /// <summary>The client that asked for the grant (RFC 8693 §4.3).</summary>
    public required string ClientId { get; init; }

    /// <summary>The scope the grant carries; never wider than the subject token's (draft §2.5 "downscoping").</summary>
    public ScopeSet Scope { get; init; } = ScopeSet.Empty;

    /// <summary>The subject token's delegation chain (RFC 8693 §4.1), current actor first; empty when it was not delegated.</summary>
    public IReadOnlyList<string> Actors { get; init; } = [];

    public required TimeSpan Ttl { get; init; }
}
