using Aims.Core.Identity;
using Aims.Core.Sessions;
using Aims.Grains.Agents;
using Aims.Grains.Tokens;

namespace Aims.Grains.Sessions;

public sealed partial class SessionGrain
{
    public async Task<RefreshTokenRevocationResult> RevokeRefreshTokenAsync(RefreshTokenRevocation revocation)
    {
        var family = Family();
        var ours = family.IsCurrent(revocation.RefreshToken) || family.IsRotatedOut(revocation.RefreshToken);
        if (!ours || !SessionTransitions.IsLive(S.State))
            return RefreshTokenRevocationResult.Unknown;
        if (!revocation.ByOperator && revocation.Caller != S.ClientId)
        {
            await AuditAsync("session.revoke", "Denied", revocation.CorrelationId, $"{revocation.Caller} tried to revoke a refresh token of {S.ClientId}");
            return RefreshTokenRevocationResult.OtherClient;
        }

        // RFC 7009 §2.1: revoking a refresh token also invalidates the access tokens of the same grant. The client
        // letting go ends its session; an operator's revocation is for cause.
        var (final, action) = revocation.ByOperator ? (SessionState.Revoked, "session.revoke") : (SessionState.Ended, "session.end");
        await CloseAsync(final, $"refresh token revoked by {revocation.Caller} (RFC 7009)", action, "Allowed", revocation.CorrelationId);
        return RefreshTokenRevocationResult.Revoked;
    }

    public async Task RevokeForAgentAsync(string reason, string correlationId)
    {
        if (SessionTransitions.IsLive(S.State))
            await CloseAsync(SessionState.Revoked, reason, "session.revoke", "Allowed", correlationId, notifyAgent: false);
    }

    public Task<RefreshTokenView?> IntrospectRefreshTokenAsync(string refreshToken)
    {
        var active = S.State == SessionState.Established && time.GetUtcNow() < S.ExpiresAt && Family().IsCurrent(refreshToken);
        return Task.FromResult(active
            ? new RefreshTokenView(S.ClientId, S.User, string.Join(' ', S.Scopes), S.Resources, S.RefreshIssuedAt, S.ExpiresAt)
            : null);
    }

    /// <summary>
    /// Revokes or ends the session and its whole family: the final state is written first, so no refresh token works
    /// from that moment on any silo; then every access token it issued is revoked (each durably), the agent stops
    /// counting the session, and the audit log records cause and effect.
    /// </summary>
    /// <param name="decision">The audit decision: Denied for a replay, Allowed for an ordered revocation, Info for a normal end.</param>
    /// <param name="notifyAgent">False when the agent itself revokes its sessions (it must not be called back while busy).</param>
    private async Task CloseAsync(SessionState final, string reason, string action, string decision, string correlationId, bool notifyAgent = true)
    {
        S.State = final == SessionState.Revoked ? SessionTransitions.Revoke(S.State) : SessionTransitions.End(S.State);
        S.EndReason = reason;
        var tokens = S.AccessTokens.ToList();
        S.AccessTokens.Clear();
        await state.WriteStateAsync();

        var revoked = await Task.WhenAll(tokens.Select(t =>
            GrainFactory.GetGrain<ITokenGrain>(GrainKeys.Token(t.Jti)).RevokeAsync(t, $"session {SessionId} {final.ToString().ToLowerInvariant()}: {reason}")));
        if (S.IsAgentClient && notifyAgent)
            await GrainFactory.GetGrain<IAgentGrain>(GrainKeys.Agent(SpiffeId.Parse(S.ClientId))).EndSessionAsync(new SessionEnd(SessionId, S.State, reason, correlationId));

        await AuditAsync(
            action, decision, correlationId,
            $"session {final.ToString().ToLowerInvariant()}; {revoked.Length} access token(s) revoked: {string.Join(' ', revoked.Select(t => t.Jti))}",
            cause: reason);
    }
}
