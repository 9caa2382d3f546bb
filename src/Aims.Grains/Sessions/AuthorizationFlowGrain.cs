using Aims.Core.Identity;
using Aims.Core.OAuth;
using Aims.Core.Policy;
using Aims.Core.Sessions;
using Aims.Core.Users;
using Aims.Grains.Agents;
using Aims.Grains.Audit;
using Aims.Grains.Hosting;
using Aims.Grains.OAuth;
using Microsoft.Extensions.Options;

namespace Aims.Grains.Sessions;

/// <summary>
/// One browser's pass through login and consent, in memory: a lost activation only makes the user start again.
/// Every call must present the browser-binding secret, whose hash the flow holds; sign-in is checked against the
/// user store and the flow locks after <see cref="SessionLimits.MaxFailedLogins"/> failures; consent asks the agent
/// (or the registration limits) and, when they allow, creates the session and its code.
/// </summary>
public sealed class AuthorizationFlowGrain(IOptions<AimsOptions> options, TimeProvider time) : Grain, IAuthorizationFlowGrain
{
    private AuthorizationFlowState _state;
    private AuthorizationFlowStart _request = null!;
    private DateTimeOffset _startedAt;
    private int _failedLogins;
    private UserAccount? _user;
    private TrustDomain? _trustDomain;

    private string FlowId => this.GetPrimaryKeyString();

    private TrustDomain TrustDomain => _trustDomain ??= TrustDomain.Parse(options.Value.TrustDomain);

    public Task<AuthorizationFlowView> StartAsync(AuthorizationFlowStart start)
    {
        _state = AuthorizationFlowTransitions.Start(_state);
        _request = start;
        _startedAt = time.GetUtcNow();
        return Task.FromResult(View());
    }

    public async Task<LoginOutcome> LoginAsync(LoginAttempt attempt)
    {
        switch (await CheckAccessAsync(attempt.BindingSecret, "user.login", attempt.CorrelationId))
        {
            case Access.Unbound:
                return new LoginOutcome(LoginResult.BindingFailed, null);
            case Access.Gone:
                return new LoginOutcome(LoginResult.Unavailable, null);
        }

        if (_state == AuthorizationFlowState.Locked)
            return new LoginOutcome(LoginResult.Locked, View());
        if (_state != AuthorizationFlowState.Pending)
            return new LoginOutcome(LoginResult.Unavailable, null);

        if (_failedLogins >= SessionLimits.MaxFailedLogins)
        {
            _state = AuthorizationFlowTransitions.Lock(_state);
            await AuditAsync("user.login", "Denied", attempt.CorrelationId, null, $"sign-in locked after {_failedLogins} failed attempts");
            return new LoginOutcome(LoginResult.Locked, View());
        }

        var user = ConfiguredUsers.Of(options.Value).Authenticate(attempt.UserName, attempt.Password);
        if (user is null)
        {
            _failedLogins++;
            // The typed user name is not recorded: people type passwords into it by mistake.
            await AuditAsync("user.login", "Denied", attempt.CorrelationId, null, $"wrong user name or password (failure {_failedLogins} of {SessionLimits.MaxFailedLogins})");
            return new LoginOutcome(LoginResult.WrongCredentials, View());
        }

        _user = user;
        _state = AuthorizationFlowTransitions.Authenticate(_state);
        await AuditAsync("user.login", "Allowed", attempt.CorrelationId, user.Id, "signed in to authorize the client");
        return new LoginOutcome(LoginResult.SignedIn, View());
    }

    public async Task<ConsentOutcome> ConsentAsync(ConsentDecision decision)
    {
        switch (await CheckAccessAsync(decision.BindingSecret, "session.authorize", decision.CorrelationId))
        {
            case Access.Unbound:
                return new ConsentOutcome(ConsentResult.BindingFailed, null);
            case Access.Gone:
                return new ConsentOutcome(ConsentResult.Unavailable, null);
        }

        if (_state != AuthorizationFlowState.Authenticated)
            return new ConsentOutcome(ConsentResult.Unavailable, null);

        var user = _user!;
        if (!decision.Allow)
        {
            await AuditAsync("session.authorize", "Denied", decision.CorrelationId, user.Id, "the user denied the request on the consent page");
            return Finish(AuthorizationFlowTransitions.Deny, ErrorRedirect(OAuthErrors.AccessDenied, "the user denied the request"));
        }

        var sessionId = OpaqueSecrets.NewId();
        var authorization = _request.IsAgentClient
            ? await GrainFactory.GetGrain<IAgentGrain>(GrainKeys.Agent(SpiffeId.Parse(_request.ClientId))).AuthorizeSessionAsync(new SessionAuthorization(
                sessionId, user.Id, user.Groups, _request.Scopes, _request.Resources, decision.CorrelationId))
            : await AuthorizeRegisteredClientAsync(sessionId, user, decision.CorrelationId);
        if (!authorization.Allowed)
            return Finish(AuthorizationFlowTransitions.Deny, ErrorRedirect(authorization.Error!, authorization.ErrorDescription!));

        var code = SessionCredential.Issue(SessionCredentialKind.AuthorizationCode, sessionId);
        await GrainFactory.GetGrain<ISessionGrain>(GrainKeys.Session(sessionId)).CreateAsync(new SessionCreation(
            _request.ClientId, _request.IsAgentClient, _request.RedirectUri, _request.CodeChallenge, code.Hash, user.Id,
            authorization.GrantedScopes, _request.Resources, authorization.AuthorizedAt, authorization.ExpiresAt, decision.CorrelationId));
        return Finish(AuthorizationFlowTransitions.Complete, new AuthorizationRedirect(_request.RedirectUri, code.Value, null, null, _request.State));
    }

    /// <summary>
    /// Unknown and expired flows are gone; a post without this flow's binding secret is refused and audited (a
    /// cross-site form post, or a flow id replayed from another browser).
    /// </summary>
    private async Task<Access> CheckAccessAsync(string bindingSecret, string action, string correlationId)
    {
        if (_state == AuthorizationFlowState.None)
            return Access.Gone;
        if (!OpaqueSecrets.Matches(bindingSecret, _request.BindingHash))
        {
            await AuditAsync(action, "Denied", correlationId, null, "the browser did not present this sign-in's binding cookie (cross-site or replayed form post)");
            return Access.Unbound;
        }

        if (AuthorizationFlowTransitions.IsOpen(_state) && SessionLimits.FlowExpired(_startedAt, time.GetUtcNow()))
        {
            _state = AuthorizationFlowTransitions.Expire(_state);
            DeactivateOnIdle();
        }

        return _state == AuthorizationFlowState.Expired ? Access.Gone : Access.Granted;
    }

    /// <summary>A registered client without a SPIFFE ID: its registration and the registration limits decide.</summary>
    private async Task<SessionAuthorizationResult> AuthorizeRegisteredClientAsync(string sessionId, UserAccount user, string correlationId)
    {
        var registration = await GrainFactory.GetGrain<IOAuthClientGrain>(GrainKeys.OAuthClient(_request.ClientId)).GetAsync();
        var decision = registration is null
            ? null
            : RegistrationLimits.For(registration, options.Value.OAuth.Registration).Evaluate(ScopeSet.Create(_request.Scopes), _request.Resources);
        if (decision is not { Allowed: true })
        {
            var (error, description) = decision is null
                ? (OAuthErrors.UnauthorizedClient, $"client {_request.ClientId} is no longer registered")
                : (decision.Denial switch
                {
                    TokenDenial.Scope => OAuthErrors.InvalidScope,
                    TokenDenial.Resource => OAuthErrors.InvalidTarget,
                    _ => OAuthErrors.UnauthorizedClient,
                }, decision.Reason);
            await AuditAsync("session.authorize", "Denied", correlationId, user.Id, $"{error}: {description}", $"session:{sessionId}");
            return SessionAuthorizationResult.Refused(error, description);
        }

        var now = time.GetUtcNow();
        await AuditAsync("session.authorize", "Allowed", correlationId, user.Id,
            $"{user.Id} delegates scope '{string.Join(' ', decision.GrantedScopes)}' for {string.Join(' ', _request.Resources)} to registered client {_request.ClientId}",
            $"session:{sessionId}");
        return new SessionAuthorizationResult(true, decision.GrantedScopes, now, now + decision.RefreshTokenTtl, null, null);
    }

    private ConsentOutcome Finish(Func<AuthorizationFlowState, AuthorizationFlowState> transition, AuthorizationRedirect redirect)
    {
        _state = transition(_state);
        // A decided flow is done; a second post of the same form finds nothing.
        DeactivateOnIdle();
        return new ConsentOutcome(ConsentResult.Redirect, redirect);
    }

    private AuthorizationRedirect ErrorRedirect(string error, string description) =>
        new(_request.RedirectUri, null, error, description, _request.State);

    private AuthorizationFlowView View() => new(
        FlowId, _state, _request.ClientId, _request.IsAgentClient, _request.Scopes, _request.Resources, _user?.Id, _user?.DisplayName, _request.RedirectUri);

    private Task<AuditRecordView> AuditAsync(string action, string decision, string correlationId, string? user, string detail, string? resource = null) =>
        GrainFactory.GetGrain<IAuditLogGrain>(GrainKeys.AuditLog(TrustDomain)).AppendAsync(new AuditEntryMessage(
            action, decision,
            AgentId: _request.IsAgentClient ? _request.ClientId : null,
            DelegatedSubject: user,
            Resource: resource ?? $"authorization-flow:{FlowId}",
            CorrelationId: correlationId,
            Actor: user ?? "anonymous browser",
            Detail: detail));

    private enum Access
    {
        Granted,
        Unbound,
        Gone,
    }
}
