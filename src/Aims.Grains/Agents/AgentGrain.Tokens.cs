using Aims.Core.Agents;
using Aims.Core.Identity;
using Aims.Core.OAuth;
using Aims.Core.Policy;
using Aims.Core.Tokens;
using Aims.Grains.Credentials;
using Aims.Grains.Tokens;

namespace Aims.Grains.Agents;

public sealed partial class AgentGrain
{
    private const string TokenAction = "token.issue";
    private const string ExchangeAction = "token.exchange";
    private const string ImpersonateAction = "token.impersonate";

    /// <summary>
    /// The access tokens this agent holds, in memory on purpose: this is the operator's view, while revocation is
    /// durable in the token grains (and, later, in the revocation epoch). Lost with the activation, refilled as
    /// the agent gets new tokens.
    /// </summary>
    private readonly LiveTokenSet _liveTokens = new();

    /// <summary>The scope ceiling of the agent's policy rule as last loaded; <see cref="AgentGrainState.ScopeCeiling"/> overrides it once lowered.</summary>
    private string? _policyScopeCeiling;

    public async Task<AccessTokenOutcome> IssueAccessTokenAsync(AccessTokenGrant grant)
    {
        if (grant.Assertion is { } assertion && !TrySpend(assertion))
            return await RefuseTokenAsync(grant, OAuthErrors.InvalidClient, ReplayRefusal(assertion));
        if (!S.Registered)
            return AccessTokenOutcome.Refused(OAuthErrors.InvalidClient, $"client {Id} is not a registered agent");
        if (!AgentTransitions.CanReceiveTokens(S.State))
            return await RefuseTokenAsync(grant, OAuthErrors.InvalidClient, $"agent {Id} is {S.State.ToString().ToLowerInvariant()}; only an active agent gets access tokens");

        var (document, _) = await LoadPolicyAsync();
        if (document is null)
            return await RefuseTokenAsync(grant, OAuthErrors.UnauthorizedClient, $"policy '{S.Policy}' does not exist");

        _policyScopeCeiling = PolicyEvaluator.ScopeCeiling(document, Id);
        var decision = PolicyEvaluator.EvaluateToken(document, new TokenPolicyRequest(Id, grant.Scopes, grant.Resources));
        if (!decision.Allowed)
            return await RefuseTokenAsync(grant, ErrorFor(decision.Denial), decision.Reason);

        var scopes = WithinReducedCeiling(decision.GrantedScopes);
        if (scopes.Count == 0 && decision.GrantedScopes.Count > 0)
            return await RefuseTokenAsync(grant, OAuthErrors.InvalidScope, ReducedCeilingRefusal(decision.GrantedScopes));

        var id = Id.ToString();
        var mayAct = decision.MayAct?.ToString();
        var issued = await accessTokens.MintAsync(new AccessTokenMint(
            grant.Issuer, id, id, grant.Resources, scopes, decision.AccessTokenTtl, [], grant.CnfX5tS256, mayAct));

        TrackLiveToken(issued, id, grant.GrantType);

        // Durable before acknowledged: the grant's audit record is written before the token is returned.
        await AuditAsync(
            TokenAction, "Allowed", grant.CorrelationId, id, resource: $"access-token:{issued.Jti}",
            detail: $"{grant.GrantType} via {grant.ClientAuthentication}; aud {string.Join(' ', issued.Audience)}; scope '{issued.Scope}'; expires {issued.ExpiresAt:O}"
                + (grant.CnfX5tS256 is null ? string.Empty : "; bound to its certificate")
                + (mayAct is null ? string.Empty : $"; may_act {mayAct}"));
        return new AccessTokenOutcome(issued, null, null);
    }

    /// <summary>
    /// RFC 6749 §5.2 / RFC 8707 §2 error for what the policy refused. A delegation denial, impersonation included, is
    /// <c>unauthorized_client</c>: the subject token is valid and the request well-formed (so neither
    /// <c>invalid_grant</c> nor <c>invalid_request</c>); what fails is this authenticated client's authorization to use
    /// the token-exchange grant in that form.
    /// </summary>
    private static string ErrorFor(TokenDenial denial) => denial switch
    {
        TokenDenial.Scope => OAuthErrors.InvalidScope,
        TokenDenial.Resource => OAuthErrors.InvalidTarget,
        _ => OAuthErrors.UnauthorizedClient,
    };

    private async Task<AccessTokenOutcome> RefuseTokenAsync(AccessTokenGrant grant, string error, string description)
    {
        await AuditAsync(TokenAction, "Denied", grant.CorrelationId, Id.ToString(), detail: $"{error}: {description}");
        return AccessTokenOutcome.Refused(error, description);
    }

    public async Task<AccessTokenOutcome> ExchangeTokenAsync(TokenExchangeGrant grant)
    {
        // Impersonation leaves no act entry in the token, so the audit log is where it stays visible: its own action.
        var action = grant.Impersonation ? ImpersonateAction : ExchangeAction;
        if (!S.Registered || !AgentTransitions.CanReceiveTokens(S.State))
            return await RefuseAsync(OAuthErrors.InvalidClient, $"agent {Id} is not an active agent");

        var id = Id.ToString();
        var priorActors = grant.SubjectActors;
        if (!grant.Impersonation && priorActors.Contains(id, StringComparer.Ordinal))
            return await RefuseAsync(OAuthErrors.InvalidGrant, $"{id} is already in the subject token's act chain; a delegation chain may not loop");

        // RFC 8693 §4.4. invalid_grant: the subject token is valid but not for this actor, as RFC 6749 §5.2 says of a
        // grant "issued to another client".
        if (ActorPermission.Refusal(id, grant.Subject, grant.SubjectMayAct, [.. grant.SubjectPermittedActors.Select(SpiffeId.Parse)]) is { } refusal)
            return await RefuseAsync(OAuthErrors.InvalidGrant, refusal);

        var (document, _) = await LoadPolicyAsync();
        if (document is null)
            return await RefuseAsync(OAuthErrors.UnauthorizedClient, $"policy '{S.Policy}' does not exist");

        // Scope never widens (RFC 8693 §2.1): ask only for what the subject token holds.
        var requested = grant.RequestedScopes.Count > 0 ? grant.RequestedScopes : grant.SubjectScopes;
        var widened = requested.Where(s => !grant.SubjectScopes.Contains(s, StringComparer.Ordinal)).ToList();
        if (widened.Count > 0)
            return await RefuseAsync(OAuthErrors.InvalidScope, $"scope {string.Join(' ', widened)} is not in the subject token; an exchange can only narrow scope");

        // RFC 8693 §1.1: delegation adds this agent as the current actor; impersonation keeps the chain as it was.
        IReadOnlyList<string> actors = grant.Impersonation ? priorActors : [id, .. priorActors];
        var decision = PolicyEvaluator.EvaluateToken(document, new TokenPolicyRequest(
            Id, requested, grant.Resources, ActorDepth: actors.Count, Impersonation: grant.Impersonation));
        if (!decision.Allowed)
            return await RefuseAsync(ErrorFor(decision.Denial), decision.Reason);

        // The exchanged token lives no longer than the token it was derived from.
        var remaining = grant.SubjectExpiresAt - time.GetUtcNow();
        var ttl = remaining < decision.AccessTokenTtl ? remaining : decision.AccessTokenTtl;
        if (ttl <= TimeSpan.Zero)
            return await RefuseAsync(OAuthErrors.InvalidGrant, "the subject token has expired");

        var issued = await accessTokens.MintAsync(new AccessTokenMint(
            grant.Issuer, grant.Subject, id, grant.Resources, WithinReducedCeiling(decision.GrantedScopes), ttl, actors, grant.CnfX5tS256));
        TrackLiveToken(issued, grant.Subject, OAuthConstants.GrantTypes.TokenExchange);

        var how = grant.Impersonation
            ? $"impersonates {grant.Subject}: no act entry added (RFC 8693 §1.1); act chain {(actors.Count == 0 ? "none" : string.Join(" <- ", actors))}"
            : $"acts for {grant.Subject}; act chain {string.Join(" <- ", actors)}";
        await AuditAsync(
            action, "Allowed", grant.CorrelationId, id, resource: $"access-token:{issued.Jti}",
            detail: $"{how}; subject token {grant.SubjectJti} of {grant.SubjectClientId}; aud {string.Join(' ', issued.Audience)}; scope '{issued.Scope}'; expires {issued.ExpiresAt:O}",
            delegatedSubject: grant.Subject);
        return new AccessTokenOutcome(issued, null, null);

        async Task<AccessTokenOutcome> RefuseAsync(string error, string description)
        {
            await AuditAsync(action, "Denied", grant.CorrelationId, Id.ToString(), detail: $"{error}: {description}", delegatedSubject: grant.Subject);
            return AccessTokenOutcome.Refused(error, description);
        }
    }

    public async Task<IReadOnlyList<TokenSummary>> GetTokensAsync()
    {
        var id = Id.ToString();
        var live = _liveTokens.Snapshot(time.GetUtcNow());
        var records = await Task.WhenAll(live.Select(t => GrainFactory.Reference<ITokenGrain>(GrainKeys.Token(t.Jti)).GetAsync(
            new TokenRecord(t.Jti, t.Subject, id, t.Audience, t.Scope, t.IssuedAt, t.ExpiresAt, TokenState.Active, null))));
        var summaries = new List<TokenSummary>(live.Count);
        for (var i = 0; i < live.Count; i++)
        {
            var (token, record) = (live[i], records[i]);

            // The token grain is authoritative: a token it reports revoked (or expired) is no longer live.
            if (!TokenTransitions.IsLive(record.State))
            {
                _liveTokens.Remove(token.Jti);
                continue;
            }

            summaries.Add(new TokenSummary(token.Jti, token.Subject, token.GrantType, token.Audience, record.Scope,
                token.IssuedAt, token.ExpiresAt, record.State));
        }

        return summaries;
    }

    public async Task<IReadOnlyList<string>> GetPermittedActorsAsync()
    {
        if (!S.Registered)
            return [];

        var (document, _) = await LoadPolicyAsync();
        return document is null ? [] : [.. PolicyEvaluator.PermittedActors(document, Id).Select(actor => actor.ToString())];
    }

    /// <summary>A scope-reduced agent gets at most its reduced ceiling, whatever its policy allows.</summary>
    private IReadOnlyList<string> WithinReducedCeiling(IReadOnlyList<string> granted) =>
        S.State == AgentState.ScopeReduced && S.ScopeCeiling is { } ceiling
            ? [.. granted.Where(ScopeSet.Parse(ceiling).Contains)]
            : granted;

    private string ReducedCeilingRefusal(IReadOnlyList<string> asked) =>
        $"agent {Id} is scope-reduced to '{S.ScopeCeiling}'; none of '{string.Join(' ', asked)}' may be granted until an operator restores its scope";

    private int LiveTokenCount() => _liveTokens.Count(time.GetUtcNow());

    /// <summary>What the agent may be granted at most: a lowered ceiling once set, else what its policy rule allows.</summary>
    private string? ScopeCeiling() => S.ScopeCeiling ?? _policyScopeCeiling;

    /// <summary>Reads the policy's ceiling for the agent view, which must reflect the policy as it is now.</summary>
    private async Task RefreshScopeCeilingAsync()
    {
        var (document, _) = await LoadPolicyAsync();
        _policyScopeCeiling = document is null ? null : PolicyEvaluator.ScopeCeiling(document, Id);
    }

    private void TrackLiveToken(AccessTokenIssued issued, string subject, string grantType) =>
        _liveTokens.Add(new LiveToken(issued.Jti, subject, grantType, issued.Audience, issued.Scope, issued.IssuedAt, issued.ExpiresAt), time.GetUtcNow());
}
