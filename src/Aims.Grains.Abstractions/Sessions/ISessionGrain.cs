namespace Aims.Grains.Sessions;

/// <summary>
/// One user's delegation to one client (authorization code grant and its refresh token family), keyed by a random
/// session id (<see cref="GrainKeys.Session"/>) that codes and refresh tokens carry. Durable: every state change,
/// rotation included, is written before the call returns. Stores only hashes of codes and refresh tokens.
/// </summary>
[Alias("aims.ISessionGrain")]
public interface ISessionGrain : IGrainWithStringKey
{
    /// <summary>Starts the session at consent with the hash of its code; a session id is used once.</summary>
    [Alias("Create")] Task<SessionSummary> CreateAsync(SessionCreation creation);

    /// <summary>
    /// Redeems the code (RFC 6749 §4.1.3, RFC 7636 §4.6): an access token and the first refresh token. A second
    /// redemption revokes the session and every access token it issued (RFC 6749 §4.1.2).
    /// </summary>
    [Alias("RedeemCode")] Task<SessionTokens> RedeemCodeAsync(CodeRedemptionRequest request);

    /// <summary>
    /// Rotates the refresh token (RFC 6749 §6): a new access token and refresh token, the old one dead. Replaying any
    /// earlier refresh token revokes the whole family.
    /// </summary>
    [Alias("Refresh")] Task<SessionTokens> RefreshAsync(TokenRefreshRequest request);

    /// <summary>RFC 7009 for a refresh token: ends the session and revokes its access tokens.</summary>
    [Alias("RevokeRefreshToken")] Task<RefreshTokenRevocationResult> RevokeRefreshTokenAsync(RefreshTokenRevocation revocation);

    /// <summary>RFC 7662 for a refresh token: what the current token stands for, or null when it is not active.</summary>
    [Alias("IntrospectRefreshToken")] Task<RefreshTokenView?> IntrospectRefreshTokenAsync(string refreshToken);

    /// <summary>The session as operators see it, or null when it was never created.</summary>
    /// <summary>
    /// The agent behind the session was compromised or terminated: the session and every access token it issued are
    /// revoked, durably, and the agent is not called back (it is the caller). A session already over stays as it is. It interleaves, so an agent and a session
    /// calling each other cannot deadlock.
    /// </summary>
    [Alias("RevokeForAgent"), Orleans.Concurrency.AlwaysInterleave] Task RevokeForAgentAsync(string reason, string correlationId);

    [Alias("GetSummary")] Task<SessionSummary?> GetSummaryAsync();
}
