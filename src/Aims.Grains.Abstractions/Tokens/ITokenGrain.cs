namespace Aims.Grains.Tokens;

/// <summary>
/// One access token, keyed by its <c>jti</c>: authoritative for introspection. Issuance is kept in memory only
/// (a lost activation falls back to the signed token itself); revocation and scope reduction are written
/// durably before they are acknowledged.
/// </summary>
[Alias("aims.ITokenGrain")]
public interface ITokenGrain : IGrainWithStringKey
{
    [Alias("RecordIssued")] Task RecordIssuedAsync(TokenRecord record);

    /// <summary>The record, or null when this activation never saw the token and nothing was persisted.</summary>
    [Alias("Get")] Task<TokenRecord?> GetAsync();

    /// <summary>Revokes (durably); a token already revoked or expired stays as it is and the call says so.</summary>
    [Alias("Revoke")] Task<TokenRecord> RevokeAsync(TokenRecord known, string reason);

    /// <summary>
    /// A signal about an agent this token names (from the silo's relay): revoked when it was issued at or before the
    /// revocation, narrowed on a scope reduction. In memory: the durable truth is the agent's own state.
    /// </summary>
    [Alias("ApplySignal"), Orleans.Concurrency.OneWay] Task ApplySignalAsync(Signals.AgentSignal signal);
}
