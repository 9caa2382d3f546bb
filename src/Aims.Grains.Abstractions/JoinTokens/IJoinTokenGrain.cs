namespace Aims.Grains.JoinTokens;

/// <summary>
/// A single-use join token bound to one SPIFFE ID: Pending → Used | Expired. Keyed by the token's SHA-256
/// (<see cref="GrainKeys.JoinToken"/>), so the token itself is never stored.
/// </summary>
[Alias("aims.IJoinTokenGrain")]
public interface IJoinTokenGrain : IGrainWithStringKey
{
    [Alias("Create")] Task CreateAsync(string spiffeId, DateTimeOffset expiresAt, string actor);

    /// <summary>Consumes the token once; a second redemption, an expired or an unknown token is refused with the reason.</summary>
    [Alias("Redeem")] Task<JoinTokenRedemption> RedeemAsync();
}
