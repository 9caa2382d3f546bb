using Aims.Core.Identity;
using Aims.Core.OAuth;
using Aims.Core.Sessions;
using Aims.Grains.Audit;
using Aims.Grains.Hosting;
using Microsoft.Extensions.Options;

namespace Aims.Grains.Sessions;

/// <summary>
/// One delegation session. Thin: Core's <see cref="SessionRules"/> judge each code and refresh token, the agent
/// (or, for a registered client, the registration limits) decides each token, and every change is written before
/// the answer leaves. A replayed code or refresh token revokes the session and every access token it issued.
/// </summary>
public sealed partial class SessionGrain(
    [PersistentState("session", StorageNames.Aims)] IPersistentState<SessionGrainState> state,
    IOptions<AimsOptions> options,
    Credentials.AccessTokenMinter accessTokens,
    TimeProvider time) : Grain, ISessionGrain
{
    private TrustDomain? _trustDomain;

    private SessionGrainState S => state.State;

    private string SessionId => this.GetPrimaryKeyString();

    private TrustDomain TrustDomain => _trustDomain ??= TrustDomain.Parse(options.Value.TrustDomain);

    public async Task<SessionSummary> CreateAsync(SessionCreation creation)
    {
        S.State = SessionTransitions.Authorize(S.State);
        S.ClientId = creation.ClientId;
        S.IsAgentClient = creation.IsAgentClient;
        S.RedirectUri = creation.RedirectUri;
        S.CodeChallenge = creation.CodeChallenge;
        S.CodeHash = creation.CodeHash;
        S.User = creation.User;
        S.Scopes = [.. creation.Scopes];
        S.Resources = [.. creation.Resources];
        S.AuthorizedAt = creation.AuthorizedAt;
        S.ExpiresAt = creation.ExpiresAt;
        await state.WriteStateAsync();
        return Summary();
    }

    public async Task<SessionTokens> RedeemCodeAsync(CodeRedemptionRequest request)
    {
        var presented = new CodePresentation(request.Code, request.ClientId, request.RedirectUri, request.CodeVerifier, request.Resources);
        var check = SessionRules.CheckCode(S.State, Grant(), presented, time.GetUtcNow());
        switch (check)
        {
            case SessionCheck.Accepted:
                return await IssueAsync(
                    OAuthConstants.GrantTypes.AuthorizationCode, Grant().Scope, SessionRules.ResourcesFor(request.Resources, Grant()),
                    request.Issuer, request.ClientAuthentication, request.CnfX5tS256, request.CorrelationId);
            case SessionCheck.Replayed:
                await CloseAsync(SessionState.Revoked, "the authorization code was redeemed a second time (RFC 6749 §4.1.2)", "session.code.reuse", "Denied", request.CorrelationId);
                break;
            case SessionCheck.Expired:
                // An unredeemed code that ran out leaves nothing to keep.
                await CloseAsync(SessionState.Ended, "the authorization code expired unredeemed", "session.end", "Info", request.CorrelationId);
                break;
        }

        return await RefuseAsync(OAuthConstants.GrantTypes.AuthorizationCode, request.ClientId, SessionRules.ErrorFor(check, SessionCredentialKind.AuthorizationCode), request.CorrelationId);
    }

    public async Task<SessionTokens> RefreshAsync(TokenRefreshRequest request)
    {
        var requested = ScopeSet.Create(request.Scopes);
        var presented = new RefreshPresentation(request.RefreshToken, request.ClientId, requested, request.Resources);
        var check = SessionRules.CheckRefresh(S.State, Grant(), Family(), presented, time.GetUtcNow());
        switch (check)
        {
            case SessionCheck.Accepted:
                return await IssueAsync(
                    OAuthConstants.GrantTypes.RefreshToken, SessionRules.ScopeFor(requested, Grant()), SessionRules.ResourcesFor(request.Resources, Grant()),
                    request.Issuer, request.ClientAuthentication, request.CnfX5tS256, request.CorrelationId);
            case SessionCheck.Replayed:
                await CloseAsync(SessionState.Revoked, "a rotated-out refresh token was presented again (RFC 9700 §4.14.2)", "session.refresh.reuse", "Denied", request.CorrelationId);
                break;
            case SessionCheck.Expired:
                await CloseAsync(SessionState.Ended, "the session reached its absolute lifetime", "session.end", "Info", request.CorrelationId);
                break;
        }

        return await RefuseAsync(OAuthConstants.GrantTypes.RefreshToken, request.ClientId, SessionRules.ErrorFor(check, SessionCredentialKind.RefreshToken), request.CorrelationId);
    }

    public Task<SessionSummary?> GetSummaryAsync() => Task.FromResult(S.State == SessionState.None ? null : Summary());

    private SessionGrant Grant() => new(
        S.ClientId, S.RedirectUri, S.CodeChallenge, S.CodeHash, ScopeSet.Create(S.Scopes), S.Resources, S.AuthorizedAt, S.ExpiresAt);

    private RefreshFamily Family() => new(S.RefreshHash, S.PreviousRefreshHashes);

    private SessionSummary Summary() =>
        new(SessionId, S.ClientId, S.User, string.Join(' ', S.Scopes), S.Resources, S.State, S.AuthorizedAt, S.ExpiresAt);

    private async Task<SessionTokens> RefuseAsync(string grantType, string clientId, OAuthError error, string correlationId)
    {
        await AuditAsync("token.issue", "Denied", correlationId, $"{grantType} by {clientId}: {error}");
        return SessionTokens.Refused(error.Error, error.Description);
    }

    /// <summary>Every session event lands in the audit log with the agent (when the client is one) and the delegating user.</summary>
    private Task<AuditRecordView> AuditAsync(string action, string decision, string correlationId, string detail, string? resource = null, string? cause = null) =>
        GrainFactory.GetGrain<IAuditLogGrain>(GrainKeys.AuditLog(TrustDomain)).AppendAsync(new AuditEntryMessage(
            action, decision,
            AgentId: S.IsAgentClient ? S.ClientId : null,
            DelegatedSubject: string.IsNullOrEmpty(S.User) ? null : S.User,
            Resource: resource ?? $"session:{SessionId}",
            CorrelationId: correlationId,
            Cause: cause,
            Actor: string.IsNullOrEmpty(S.ClientId) ? null : S.ClientId,
            Detail: detail));
}
