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
        {
            var error = grant.Resources.Count > 0 && decision.Reason.Contains("resource", StringComparison.OrdinalIgnoreCase)
                ? OAuthErrors.InvalidTarget
                : OAuthErrors.InvalidScope;
            return await RefuseTokenAsync(grant, error, decision.Reason);
        }

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

    private async Task<AccessTokenOutcome> RefuseTokenAsync(AccessTokenGrant grant, string error, string description)
    {
        await AuditAsync(TokenAction, "Denied", grant.CorrelationId, Id.ToString(), detail: $"{error}: {description}");
        return AccessTokenOutcome.Refused(error, description);
    }
}
