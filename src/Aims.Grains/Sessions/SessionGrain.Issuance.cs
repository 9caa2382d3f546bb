using Aims.Core.Identity;
using Aims.Core.OAuth;
using Aims.Core.Policy;
using Aims.Core.Sessions;
using Aims.Core.Tokens;
using Aims.Grains.Agents;
using Aims.Grains.Credentials;
using Aims.Grains.OAuth;
using Aims.Grains.Tokens;

namespace Aims.Grains.Sessions;

public sealed partial class SessionGrain
{
    /// <summary>
    /// A code or refresh token passed its checks: the agent (or the registration limits) decides the access token,
    /// then the refresh token rotates and the session is written before the tokens are returned.
    /// </summary>
    private async Task<SessionTokens> IssueAsync(
        string grantType, ScopeSet scope, IReadOnlyList<string> resources, string issuer, string clientAuthentication, string? cnfX5tS256, string correlationId)
    {
        var now = time.GetUtcNow();
        if (ConfiguredUsers.Of(options.Value).Find(S.User) is not { } user)
        {
            await CloseAsync(SessionState.Ended, $"user {S.User} is no longer in the user store", "session.end", "Info", correlationId);
            return await RefuseAsync(grantType, S.ClientId, OAuthError.InvalidGrant($"the user who granted this session no longer exists; send a current user through /oauth2/authorize"), correlationId);
        }

        var outcome = S.IsAgentClient
            ? await GrainFactory.GetGrain<IAgentGrain>(GrainKeys.Agent(SpiffeId.Parse(S.ClientId))).IssueSessionTokenAsync(new SessionTokenGrant(
                SessionId, S.User, [.. user.Groups], [.. scope], resources, S.ExpiresAt - now, issuer, grantType, clientAuthentication, cnfX5tS256, correlationId))
            : await MintForRegisteredClientAsync(grantType, scope, resources, issuer, clientAuthentication, cnfX5tS256, correlationId, now);
        if (outcome.Issued is not { } issued)
            return new SessionTokens(outcome, null);

        var refresh = SessionCredential.Issue(SessionCredentialKind.RefreshToken, SessionId);
        if (S.State == SessionState.Authorized)
            S.State = SessionTransitions.Establish(S.State);
        var family = Family().Rotate(refresh.Hash);
        S.RefreshHash = family.CurrentHash;
        S.PreviousRefreshHashes = [.. family.PreviousHashes];
        S.RefreshIssuedAt = now;
        S.AccessTokens.RemoveAll(t => t.ExpiresAt <= now);
        S.AccessTokens.Add(new TokenRecord(issued.Jti, S.User, S.ClientId, issued.Audience, issued.Scope, issued.IssuedAt, issued.ExpiresAt, TokenState.Active, null));

        // Durable before acknowledged: a rotation the client never saw is harmless, a rotation lost after the client saw it is not.
        await state.WriteStateAsync();
        return new SessionTokens(outcome, refresh.Value);
    }

    /// <summary>A registered client without a SPIFFE ID has no agent policy: its registration limits decide, and the session mints.</summary>
    private async Task<AccessTokenOutcome> MintForRegisteredClientAsync(
        string grantType, ScopeSet scope, IReadOnlyList<string> resources, string issuer, string clientAuthentication, string? cnfX5tS256, string correlationId, DateTimeOffset now)
    {
        var registration = await GrainFactory.GetGrain<IOAuthClientGrain>(GrainKeys.OAuthClient(S.ClientId)).GetAsync();
        if (registration is null)
            return await RefuseTokenAsync(OAuthErrors.InvalidGrant, $"client {S.ClientId} is no longer registered");

        var decision = RegistrationLimits.For(registration, options.Value.OAuth.Registration).Evaluate(scope, resources);
        if (!decision.Allowed)
            return await RefuseTokenAsync(decision.Denial == TokenDenial.Resource ? OAuthErrors.InvalidTarget : OAuthErrors.InvalidScope, decision.Reason);

        var remaining = S.ExpiresAt - now;
        var ttl = remaining < decision.AccessTokenTtl ? remaining : decision.AccessTokenTtl;
        var issued = await accessTokens.MintAsync(new AccessTokenMint(
            issuer, S.User, S.ClientId, resources, decision.GrantedScopes, ttl, [], cnfX5tS256));
        await AuditAsync(
            "token.issue", "Allowed", correlationId,
            $"{grantType} for registered client {S.ClientId} via {clientAuthentication}; aud {string.Join(' ', issued.Audience)}; scope '{issued.Scope}'; expires {issued.ExpiresAt:O}",
            resource: $"access-token:{issued.Jti}");
        return new AccessTokenOutcome(issued, null, null);

        async Task<AccessTokenOutcome> RefuseTokenAsync(string error, string description)
        {
            await AuditAsync("token.issue", "Denied", correlationId, $"{grantType} by {S.ClientId}: {error}: {description}");
            return AccessTokenOutcome.Refused(error, description);
        }
    }
}
