using Aims.Core.Agents;
using Aims.Core.Identity;
using Aims.Core.OAuth;
using Aims.Core.Policy;
using Aims.Core.Signals.TokenEffects;
using Aims.Core.Tokens;
using Aims.Grains.Agents;
using Aims.Grains.Audit;
using Aims.Grains.Credentials;
using Aims.Grains.Partners;
using Aims.Grains.Policies;
using Orleans.Concurrency;

namespace Aims.Grains.Tokens;

/// <summary>
/// Thin: loads the trusted issuer's policy, asks Core whether it lets the asserted subject have what was asked,
/// has the issuer sign, records the token and audits, and only then answers. One worker per silo core, like the
/// credential issuer, so grants from a busy partner domain do not queue on one activation.
/// </summary>
[StatelessWorker]
public sealed class JwtGrantIssuerGrain(Credentials.AccessTokenMinter accessTokens) : Grain, IJwtGrantIssuerGrain
{
    private const string Action = "token.issue";

    private TrustDomain? _trustDomain;
    private (string Name, int Version, PolicyDocument Document)? _policy;

    private TrustDomain TrustDomain => _trustDomain ??= TrustDomain.Parse(this.GetPrimaryKeyString());

    public async Task<AccessTokenOutcome> IssueAsync(JwtAuthorizationGrant grant)
    {
        var subject = SpiffeId.Parse(grant.Subject);
        if (subject.IsMemberOf(TrustDomain)
            && await GrainFactory.GetGrain<IAgentGrain>(GrainKeys.Agent(subject)).GetAsync() is not { State: AgentState.Active })
        {
            return await RefuseAsync(grant, OAuthErrors.InvalidGrant,
                $"{subject} is not an active agent of this trust domain; an assertion cannot revive a suspended, terminated or unknown agent (RFC 7523 §3.1)");
        }

        PartnerAgentStanding? partner = null;
        if (!subject.IsMemberOf(TrustDomain))
        {
            partner = (await GrainFactory.GetGrain<IPartnerAgentGrain>(GrainKeys.Agent(subject)).GetAsync()).ToStanding();
            if (partner.Revokes(grant.AssertionIssuedAt))
            {
                return await RefuseAsync(grant, OAuthErrors.InvalidGrant,
                    $"{subject} was revoked by its own trust domain at {partner.RevokedBefore:O} (a signal of {subject.TrustDomain.Name}); "
                    + "an authorization grant issued at or before then is refused (RFC 7523 §3.1)");
            }
        }

        var policy = await LoadPolicyAsync(grant.Policy);
        if (policy is null)
        {
            return await RefuseAsync(grant, OAuthErrors.InvalidGrant,
                $"policy '{grant.Policy}' configured for trusted issuer '{grant.AssertionIssuer}' does not exist; the operator must create it");
        }

        var decision = PolicyEvaluator.EvaluateToken(policy, new TokenPolicyRequest(subject, grant.RequestedScopes, grant.Resources));
        if (!decision.Allowed)
            return await RefuseAsync(grant, ErrorFor(decision.Denial), $"policy '{grant.Policy}' of trusted issuer '{grant.AssertionIssuer}': {decision.Reason}");

        // RFC 7523 §3.1: without client authentication the token's client is the subject itself.
        var clientId = grant.ClientId ?? grant.Subject;
        // A ceiling its own trust domain announced (CAEP token-claims-change) bounds what this fabric grants it too.
        IReadOnlyList<string> scopes = partner?.Ceiling is { } ceiling ? [.. decision.GrantedScopes.Where(ceiling.Contains)] : decision.GrantedScopes;
        if (scopes.Count == 0 && decision.GrantedScopes.Count > 0)
        {
            return await RefuseAsync(grant, OAuthErrors.InvalidScope,
                $"{subject.TrustDomain.Name} limited {subject} to scope '{partner!.Ceiling}'; ask for a scope within it");
        }

        var issued = await accessTokens.MintAsync(new AccessTokenMint(
            grant.Issuer, grant.Subject, clientId, grant.Resources, scopes, decision.AccessTokenTtl, [], grant.CnfX5tS256));

        // Durable before acknowledged: the grant's audit record is written before the token is returned.
        await AuditAsync(grant, "Allowed", resource: $"access-token:{issued.Jti}",
            detail: $"{OAuthConstants.GrantTypes.JwtBearer}: assertion {grant.AssertionJti} of trusted issuer {grant.AssertionIssuer} (policy {grant.Policy}); "
                + $"client {grant.ClientId ?? "none"} via {grant.ClientAuthentication}{CredentialOf(grant)}; aud {string.Join(' ', issued.Audience)}; scope '{issued.Scope}'; expires {issued.ExpiresAt:O}"
                + (grant.CnfX5tS256 is { } cnf ? $"; bound to certificate x5t#S256 {cnf} (RFC 8705)" : string.Empty));
        return new AccessTokenOutcome(issued, null, null);
    }

    /// <summary>
    /// RFC 6749 §5.2 / RFC 8707 §2 for scope and resource; any other refusal of the subject is <c>invalid_grant</c>, as
    /// RFC 7523 §3.1 and identity chaining §2.4.2 say for a grant the server will not honour.
    /// </summary>
    private static string ErrorFor(TokenDenial denial) => denial switch
    {
        TokenDenial.Scope => OAuthErrors.InvalidScope,
        TokenDenial.Resource => OAuthErrors.InvalidTarget,
        _ => OAuthErrors.InvalidGrant,
    };

    private static string CredentialOf(JwtAuthorizationGrant grant) => grant.ClientCredential is { } credential ? $" ({credential})" : string.Empty;

    private async Task<AccessTokenOutcome> RefuseAsync(JwtAuthorizationGrant grant, string error, string description)
    {
        await AuditAsync(grant, "Denied", resource: null,
            detail: $"{OAuthConstants.GrantTypes.JwtBearer}: assertion {grant.AssertionJti} of trusted issuer {grant.AssertionIssuer}; "
                + $"client {grant.ClientId ?? "none"} via {grant.ClientAuthentication}{CredentialOf(grant)}; {error}: {description}");
        return AccessTokenOutcome.Refused(error, description);
    }

    private Task<AuditRecordView> AuditAsync(JwtAuthorizationGrant grant, string decision, string? resource, string detail) =>
        GrainFactory.GetGrain<IAuditLogGrain>(GrainKeys.AuditLog(TrustDomain)).AppendAsync(new AuditEntryMessage(
            Action, decision, AgentId: grant.Subject, Resource: resource, CorrelationId: grant.CorrelationId,
            Cause: $"JWT authorization grant of {grant.AssertionIssuer} (RFC 7523)", Actor: grant.ClientId ?? grant.AssertionIssuer, Detail: detail));

    /// <summary>The named policy, parsed once per version; the built-in default when "default" was never stored.</summary>
    private async Task<PolicyDocument?> LoadPolicyAsync(string name)
    {
        var stored = await GrainFactory.GetGrain<IPolicyGrain>(GrainKeys.Policy(name)).GetAsync();
        if (stored is null)
            return name == BuiltInPolicies.DefaultName ? BuiltInPolicies.Default(TrustDomain) : null;
        if (_policy is { } cached && cached.Name == stored.Name && cached.Version == stored.Version)
            return cached.Document;
        if (!PolicyParser.TryParse(stored.Document, out var document, out var error))
            throw new InvalidOperationException($"Stored policy {name} v{stored.Version} no longer parses: {error}");

        _policy = (stored.Name, stored.Version, document);
        return document;
    }
}
