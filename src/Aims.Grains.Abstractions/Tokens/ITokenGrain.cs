namespace Aims.Grains.Tokens;

/// <summary>
/// One access token, keyed by its <c>jti</c>: authoritative for introspection. Issuance writes and activates nothing:
/// the signed token is the record of its issuance, and the grain is activated when someone first asks about the token
/// (introspection, exchange, revocation). Revocation is written durably before it is acknowledged.
/// </summary>
[Alias("aims.ITokenGrain")]
public interface ITokenGrain : IGrainWithStringKey
{
    /// <summary>
    /// The token as this grain knows it: what was stored (a revocation) wins over <paramref name="issued"/>, the record
    /// the caller read from the validly signed token. From then on the activation follows the signals about the agents
    /// the token names, until the token expires.
    /// </summary>
    [Alias("Get")] Task<TokenRecord> GetAsync(TokenRecord issued);

    /// <summary>Revokes (durably); a token already revoked or expired stays as it is and the call says so.</summary>
    [Alias("Revoke")] Task<TokenRecord> RevokeAsync(TokenRecord known, string reason);

    /// <summary>
    /// A signal about an agent this token names (from the silo's relay): revoked when it was issued at or before the
    /// revocation, narrowed on a scope reduction. In memory: the durable truth is the agent's own state.
    /// </summary>
    [Alias("ApplySignal"), Orleans.Concurrency.OneWay] Task ApplySignalAsync(Signals.AgentSignal signal);
}
