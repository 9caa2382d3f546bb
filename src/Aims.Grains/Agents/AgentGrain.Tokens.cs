using Aims.Core.Agents;
using Aims.Core.OAuth;
using Aims.Core.Policy;
using Aims.Core.Tokens;
using Aims.Grains.Credentials;
using Aims.Grains.Tokens;

namespace Aims.Grains.Agents;

public sealed partial class AgentGrain
{
    private const string TokenAction = "token.issue";

    public async Task<AccessTokenOutcome> IssueAccessTokenAsync(AccessTokenGrant grant)
    {
        if (!S.Registered)
            return AccessTokenOutcome.Refused(OAuthErrors.InvalidClient, $"client {Id} is not a registered agent");
        if (S.State != AgentState.Active)
            return await RefuseTokenAsync(grant, OAuthErrors.InvalidClient, $"agent {Id} is {S.State.ToString().ToLowerInvariant()}; only an active agent gets access tokens");

        var (document, _) = await LoadPolicyAsync();
        if (document is null)
            return await RefuseTokenAsync(grant, OAuthErrors.UnauthorizedClient, $"policy '{S.Policy}' does not exist");

        var decision = PolicyEvaluator.EvaluateToken(document, new TokenPolicyRequest(Id, grant.Scopes, grant.Resources));
        if (!decision.Allowed)
            return await RefuseTokenAsync(grant, ErrorFor(decision.Denial), decision.Reason);

        var id = Id.ToString();
        var issued = await GrainFactory.GetGrain<ICredentialIssuerGrain>(GrainKeys.Issuer(Id.TrustDomain)).MintAccessTokenAsync(new AccessTokenMint(
            grant.Issuer, id, id, grant.Resources, decision.GrantedScopes, decision.AccessTokenTtl, [], grant.CnfX5tS256));

        await GrainFactory.GetGrain<ITokenGrain>(GrainKeys.Token(issued.Jti)).RecordIssuedAsync(new TokenRecord(
            issued.Jti, id, id, issued.Audience, issued.Scope, issued.IssuedAt, issued.ExpiresAt, TokenState.Active, null));

        // Durable before acknowledged: the grant's audit record is written before the token is returned.
        await AuditAsync(
            TokenAction, "Allowed", grant.CorrelationId, id, resource: $"access-token:{issued.Jti}",
            detail: $"{grant.GrantType} via {grant.ClientAuthentication}; aud {string.Join(' ', issued.Audience)}; scope '{issued.Scope}'; expires {issued.ExpiresAt:O}"
                + (grant.CnfX5tS256 is null ? string.Empty : "; bound to its certificate"));
        return new AccessTokenOutcome(issued, null, null);
    }

    /// <summary>RFC 6749 §5.2 / RFC 8707 §2 error for what the policy refused.</summary>
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
        const string action = "token.exchange";
        if (!S.Registered || S.State != AgentState.Active)
            return await RefuseAsync(OAuthErrors.InvalidClient, $"agent {Id} is not an active agent");

        var id = Id.ToString();
        var actors = grant.SubjectActors;
        if (actors.Contains(id, StringComparer.Ordinal))
            return await RefuseAsync(OAuthErrors.InvalidGrant, $"{id} is already in the subject token's act chain; a delegation chain may not loop");

        var (document, _) = await LoadPolicyAsync();
        if (document is null)
            return await RefuseAsync(OAuthErrors.UnauthorizedClient, $"policy '{S.Policy}' does not exist");

        // Scope never widens (RFC 8693 §2.1): ask only for what the subject token holds.
        var requested = grant.RequestedScopes.Count > 0 ? grant.RequestedScopes : grant.SubjectScopes;
        var widened = requested.Where(s => !grant.SubjectScopes.Contains(s, StringComparer.Ordinal)).ToList();
        if (widened.Count > 0)
            return await RefuseAsync(OAuthErrors.InvalidScope, $"scope {string.Join(' ', widened)} is not in the subject token; an exchange can only narrow scope");

        var decision = PolicyEvaluator.EvaluateToken(document, new TokenPolicyRequest(Id, requested, grant.Resources, ActorDepth: actors.Count + 1));
        if (!decision.Allowed)
            return await RefuseAsync(ErrorFor(decision.Denial), decision.Reason);

        // The delegated token lives no longer than the token it was derived from.
        var remaining = grant.SubjectExpiresAt - time.GetUtcNow();
        var ttl = remaining < decision.AccessTokenTtl ? remaining : decision.AccessTokenTtl;
        if (ttl <= TimeSpan.Zero)
            return await RefuseAsync(OAuthErrors.InvalidGrant, "the subject token has expired");

        var issued = await GrainFactory.GetGrain<ICredentialIssuerGrain>(GrainKeys.Issuer(Id.TrustDomain)).MintAccessTokenAsync(new AccessTokenMint(
            grant.Issuer, grant.Subject, id, grant.Resources, decision.GrantedScopes, ttl, [id, .. actors], grant.CnfX5tS256));
        await GrainFactory.GetGrain<ITokenGrain>(GrainKeys.Token(issued.Jti)).RecordIssuedAsync(new TokenRecord(
            issued.Jti, grant.Subject, id, issued.Audience, issued.Scope, issued.IssuedAt, issued.ExpiresAt, TokenState.Active, null));
        await AuditAsync(
            action, "Allowed", grant.CorrelationId, id, resource: $"access-token:{issued.Jti}",
            detail: $"acts for {grant.Subject} (subject token {grant.SubjectJti} of {grant.SubjectClientId}); act chain {string.Join(" <- ", [id, .. actors])}; "
                + $"aud {string.Join(' ', issued.Audience)}; scope '{issued.Scope}'; expires {issued.ExpiresAt:O}",
            delegatedSubject: grant.Subject);
        return new AccessTokenOutcome(issued, null, null);

        async Task<AccessTokenOutcome> RefuseAsync(string error, string description)
        {
            await AuditAsync(action, "Denied", grant.CorrelationId, Id.ToString(), detail: $"{error}: {description}", delegatedSubject: grant.Subject);
            return AccessTokenOutcome.Refused(error, description);
        }
    }
}
