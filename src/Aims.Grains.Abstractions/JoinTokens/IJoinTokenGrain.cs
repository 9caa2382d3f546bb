namespace Aims.Grains.JoinTokens;

/// <summary>
/// A single-use join token bound to one SPIFFE ID: Pending → Used | Expired. Keyed by the token's SHA-256
/// (<see cref="GrainKeys.JoinToken"/>), so the token itself is never stored.
/// </summary>
[Alias("aims.IJoinTokenGrain")]
public interface IJoinTokenGrain : IGrainWithStringKey
{
    /// <summary>
    /// Binds the token to a registered agent for <paramref name="ttl"/> and audits it; refused (with the reason)
    /// when the agent is unknown, the TTL out of bounds, or the token already exists.
    /// </summary>
    [Alias("Create")] Task<JoinTokenCreation> CreateAsync(string spiffeId, TimeSpan ttl, string actor, string correlationId);

    /// <summary>Consumes the token once; a second redemption, an expired or an unknown token is refused with the reason.</summary>
    [Alias("Redeem")] Task<JoinTokenRedemption> RedeemAsync();
}
