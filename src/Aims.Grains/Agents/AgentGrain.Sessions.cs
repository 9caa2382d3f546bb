using Aims.Core.Agents;
using Aims.Core.OAuth;
using Aims.Core.Policy;
using Aims.Core.Sessions;
using Aims.Core.Tokens;
using Aims.Grains.Credentials;
using Aims.Grains.Sessions;
using Aims.Grains.Tokens;

namespace Aims.Grains.Agents;

/// <summary>
/// User delegation (authorization code grant): the agent decides at consent and at every token a session asks
/// for, because the agent's state and policy may change while a session lives. It keeps its live sessions, so an
/// operator sees them and a compromise knows what to end.
/// </summary>
public sealed partial class AgentGrain
{
    private const string SessionAuthorizeAction = "session.authorize";

    public async Task<SessionAuthorizationResult> AuthorizeSessionAsync(SessionAuthorization request)
    {
        if (!S.Registered)
            return SessionAuthorizationResult.Refused(OAuthErrors.UnauthorizedClient, $"client {Id} is not a registered agent");
        if (!AgentTransitions.CanReceiveTokens(S.State))
            return await RefuseAsync(OAuthErrors.UnauthorizedClient, $"agent {Id} is {S.State.ToString().ToLowerInvariant()}; only an active agent may act for users");

        var (document, _) = await LoadPolicyAsync();
        if (document is null)
            return await RefuseAsync(OAuthErrors.UnauthorizedClient, $"policy '{S.Policy}' does not exist");

        var decision = PolicyEvaluator.EvaluateToken(document, DelegationRequest(request.User, request.UserGroups, request.Scopes, request.Resources));
        if (!decision.Allowed)
            return await RefuseAsync(ConsentErrorFor(decision.Denial), decision.Reason);

        var now = time.GetUtcNow();
        var summary = new SessionSummary(
            request.SessionId, Id.ToString(), request.User, string.Join(' ', decision.GrantedScopes), request.Resources,
            SessionState.Authorized, now, now + decision.RefreshTokenTtl);
        S.Sessions.RemoveAll(s => !IsLive(s, now));
        S.Sessions.Add(summary);
        await PersistAsync();
        await AuditAsync(
            SessionAuthorizeAction, "Allowed", request.CorrelationId, request.User, resource: $"session:{request.SessionId}",
            detail: $"{request.User} delegates scope '{summary.Scope}' for {string.Join(' ', request.Resources)} until {summary.ExpiresAt:O}",
            delegatedSubject: request.User);
        return new SessionAuthorizationResult(true, decision.GrantedScopes, now, summary.ExpiresAt, null, null);

        async Task<SessionAuthorizationResult> RefuseAsync(string error, string description)
        {
            await AuditAsync(SessionAuthorizeAction, "Denied", request.CorrelationId, request.User, resource: $"session:{request.SessionId}",
                detail: $"{error}: {description}", delegatedSubject: request.User);
            return SessionAuthorizationResult.Refused(error, description);
        }
    }

    public async Task<AccessTokenOutcome> IssueSessionTokenAsync(SessionTokenGrant grant)
    {
        if (!S.Registered)
            return AccessTokenOutcome.Refused(OAuthErrors.InvalidClient, $"client {Id} is not a registered agent");
        if (!AgentTransitions.CanReceiveTokens(S.State))
            return await RefuseAsync(OAuthErrors.InvalidGrant, $"agent {Id} is {S.State.ToString().ToLowerInvariant()}; its sessions get no tokens while it is not active");

        var now = time.GetUtcNow();
        var index = S.Sessions.FindIndex(s => s.SessionId == grant.SessionId && IsLive(s, now));
        if (index < 0)
            return await RefuseAsync(OAuthErrors.InvalidGrant, $"session {grant.SessionId} is not a live session of agent {Id}; send the user through /oauth2/authorize again");

        var (document, _) = await LoadPolicyAsync();
        if (document is null)
            return await RefuseAsync(OAuthErrors.UnauthorizedClient, $"policy '{S.Policy}' does not exist");

        var decision = PolicyEvaluator.EvaluateToken(document, DelegationRequest(grant.User, grant.UserGroups, grant.Scopes, grant.Resources));
        if (!decision.Allowed)
            return await RefuseAsync(decision.Denial == TokenDenial.User ? OAuthErrors.InvalidGrant : ErrorFor(decision.Denial), decision.Reason);

        // The token never outlives the session it came from.
        var ttl = grant.MaxTtl < decision.AccessTokenTtl ? grant.MaxTtl : decision.AccessTokenTtl;
        if (ttl <= TimeSpan.Zero)
            return await RefuseAsync(OAuthErrors.InvalidGrant, $"session {grant.SessionId} has reached its absolute lifetime");

        var id = Id.ToString();
        var issued = await accessTokens.MintAsync(new AccessTokenMint(
            grant.Issuer, grant.User, id, grant.Resources, WithinReducedCeiling(decision.GrantedScopes), ttl, [], grant.CnfX5tS256));

        if (S.Sessions[index].State == SessionState.Authorized)
        {
            S.Sessions[index] = S.Sessions[index] with { State = SessionTransitions.Establish(SessionState.Authorized) };
            await PersistAsync();
        }

        await AuditAsync(
            TokenAction, "Allowed", grant.CorrelationId, id, resource: $"access-token:{issued.Jti}",
            detail: $"{grant.GrantType} for session {grant.SessionId} via {grant.ClientAuthentication}; aud {string.Join(' ', issued.Audience)}; "
                + $"scope '{issued.Scope}'; expires {issued.ExpiresAt:O}" + (grant.CnfX5tS256 is null ? string.Empty : "; bound to its certificate"),
            delegatedSubject: grant.User);
        return new AccessTokenOutcome(issued, null, null);

        async Task<AccessTokenOutcome> RefuseAsync(string error, string description)
        {
            await AuditAsync(TokenAction, "Denied", grant.CorrelationId, Id.ToString(), resource: $"session:{grant.SessionId}",
                detail: $"{grant.GrantType}: {error}: {description}", delegatedSubject: grant.User);
            return AccessTokenOutcome.Refused(error, description);
        }
    }

    public async Task EndSessionAsync(SessionEnd end)
    {
        var now = time.GetUtcNow();
        var removed = S.Sessions.RemoveAll(s => s.SessionId == end.SessionId || !IsLive(s, now));
        if (removed > 0)
            await PersistAsync();
    }

    public Task<IReadOnlyList<SessionSummary>> GetSessionsAsync()
    {
        var now = time.GetUtcNow();
        return Task.FromResult<IReadOnlyList<SessionSummary>>([.. S.Sessions.Where(s => IsLive(s, now))]);
    }

    /// <summary>Sessions that can still issue tokens: for the agent view's live session count.</summary>
    private int LiveSessionCount()
    {
        var now = time.GetUtcNow();
        return S.Sessions.Count(s => IsLive(s, now));
    }

    private TokenPolicyRequest DelegationRequest(string user, IReadOnlyList<string> groups, IReadOnlyList<string> scopes, IReadOnlyList<string> resources) =>
        new(Id, scopes, resources, User: user) { UserGroups = groups };

    /// <summary>An authorized session lives until its code expires unredeemed; an established one until its absolute end.</summary>
    private static bool IsLive(SessionSummary session, DateTimeOffset now) => session.State switch
    {
        SessionState.Authorized => !SessionLimits.CodeExpired(session.CreatedAt, now),
        SessionState.Established => now < session.ExpiresAt,
        _ => false,
    };

    /// <summary>RFC 6749 §4.1.2.1 (and RFC 8707 §2) error for what policy refused at consent.</summary>
    private static string ConsentErrorFor(TokenDenial denial) => denial switch
    {
        TokenDenial.User => OAuthErrors.AccessDenied,
        TokenDenial.Scope => OAuthErrors.InvalidScope,
        TokenDenial.Resource => OAuthErrors.InvalidTarget,
        _ => OAuthErrors.UnauthorizedClient,
    };
}
