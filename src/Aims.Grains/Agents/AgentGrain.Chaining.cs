using Aims.Core.Agents;
using Aims.Core.OAuth;
using Aims.Core.Policy;
using Aims.Grains.Credentials;
using Aims.Grains.Tokens;

namespace Aims.Grains.Agents;

/// <summary>
/// Identity chaining (draft-ietf-oauth-identity-chaining §2.3): as the client, the agent's policy decides which partner
/// authorization servers it may obtain JWT authorization grants for and with how much of its subject token's scope
/// (<c>oauth.chaining</c>). The grant is not tracked as a live token: it lives a minute or so, is single-use at the
/// partner, and a compromise stops new ones here at once.
/// </summary>
public sealed partial class AgentGrain
{
    private const string ChainingAction = "oauth.chaining.grant";

    public async Task<AuthorizationGrantOutcome> ObtainAuthorizationGrantAsync(ChainingGrant grant)
    {
        ArgumentNullException.ThrowIfNull(grant);

        // invalid_grant: the subject token was issued to this agent, which no longer stands behind it (RFC 6749 §5.2).
        if (!S.Registered || !AgentTransitions.CanReceiveTokens(S.State))
        {
            return await RefuseChainingAsync(grant, OAuthErrors.InvalidGrant,
                $"agent {Id} is {(S.Registered ? S.State.ToString().ToLowerInvariant() : "not registered")}; only an active agent obtains authorization grants");
        }

        var (document, _) = await LoadPolicyAsync();
        if (document is null)
            return await RefuseChainingAsync(grant, OAuthErrors.InvalidTarget, $"policy '{S.Policy}' does not exist, so it lets {Id} chain to no one");

        var subjectScopes = ScopeSet.Create(WithinReducedCeiling(grant.SubjectScopes));
        var decision = PolicyEvaluator.EvaluateChaining(document, new ChainingPolicyRequest(
            Id, grant.Partner, ScopeSet.Create(grant.RequestedScopes), subjectScopes));
        if (!decision.Allowed)
        {
            // RFC 8693 §2.2.2: a target the server will not issue for is invalid_target; too much scope is invalid_scope.
            var error = decision.Denial == TokenDenial.Scope ? OAuthErrors.InvalidScope : OAuthErrors.InvalidTarget;
            return await RefuseChainingAsync(grant, error, $"policy '{S.Policy}': {decision.Reason}");
        }

        // The grant lives no longer than the token it was derived from.
        var remaining = grant.SubjectExpiresAt - time.GetUtcNow();
        var ttl = remaining < grant.GrantLifetime ? remaining : grant.GrantLifetime;
        if (ttl < TimeSpan.FromSeconds(1))
            return await RefuseChainingAsync(grant, OAuthErrors.InvalidGrant, "the subject token has expired, or expires within a second");

        var issued = await GrainFactory.Reference<ICredentialIssuerGrain>(GrainKeys.Issuer(Id.TrustDomain)).MintAuthorizationGrantAsync(new AuthorizationGrantMint(
            grant.Issuer, grant.Subject, grant.Partner, Id.ToString(), [.. decision.GrantedScopes], grant.SubjectActors, ttl));

        // Durable before acknowledged: the decision is in the audit log before the grant leaves.
        await AuditAsync(ChainingAction, "Allowed", grant.CorrelationId, Id.ToString(), resource: $"authorization-grant:{issued.Jti}",
            cause: $"identity chaining to {grant.Partner}",
            detail: $"JWT authorization grant jti {issued.Jti} for aud {issued.Audience}; sub {grant.Subject}; scope '{issued.Scope}'; "
                + $"subject token {grant.SubjectJti}; client authentication {grant.ClientAuthentication}; expires {issued.ExpiresAt:O}"
                + (grant.SubjectActors.Count == 0 ? string.Empty : $"; act chain {string.Join(" <- ", grant.SubjectActors)}"),
            delegatedSubject: grant.Subject == Id.ToString() ? null : grant.Subject);
        return new AuthorizationGrantOutcome(issued, null, null);
    }

    private async Task<AuthorizationGrantOutcome> RefuseChainingAsync(ChainingGrant grant, string error, string description)
    {
        await AuditAsync(ChainingAction, "Denied", grant.CorrelationId, Id.ToString(), cause: $"identity chaining to {grant.Partner}",
            detail: $"aud {grant.Partner}; subject token {grant.SubjectJti}; {error}: {description}",
            delegatedSubject: grant.Subject == Id.ToString() ? null : grant.Subject);
        return AuthorizationGrantOutcome.Refused(error, description);
    }
}
