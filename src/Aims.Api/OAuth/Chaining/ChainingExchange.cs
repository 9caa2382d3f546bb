using Aims.Api.OAuth.Grants;
using Aims.Core.OAuth;
using Aims.Core.OAuth.Chaining;
using Aims.Core.Tokens;
using Aims.Grains;
using Aims.Grains.Agents;
using Aims.Grains.Audit;
using Aims.Grains.Tokens;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Aims.Api.OAuth.Chaining;

/// <summary>
/// Identity chaining, step one (draft-ietf-oauth-identity-chaining §2.3): a token exchange with
/// <c>requested_token_type=urn:ietf:params:oauth:token-type:jwt</c> and an <c>audience</c> or <c>resource</c> naming a
/// configured partner authorization server gets a JWT authorization grant whose single <c>aud</c> is that server. The
/// front end checks the request, the subject token and its standing; the agent's grain asks policy, signs and audits.
/// Any other exchange is not this class's (null).
/// </summary>
internal static class ChainingExchange
{
    /// <summary>The audit action of every chaining decision, here and in the agent's grain.</summary>
    private const string ActionName = "oauth.chaining.grant";

    public static Task<IResult>? TryHandle(TokenRequest request, AgentGrantRequest read) =>
        request.Form.Single(OAuthConstants.Parameters.RequestedTokenType) == OAuthConstants.TokenTypes.Jwt
            ? HandleAsync(request, read)
            : null;

    /// <summary>
    /// A chaining request without a target would otherwise hear that access tokens need a resource; it is told what a
    /// grant needs instead. Client authentication has not happened yet, so no partner is named.
    /// </summary>
    public static OAuthError? TargetMissing(TokenRequest request) =>
        request.Form.Single(OAuthConstants.Parameters.RequestedTokenType) == OAuthConstants.TokenTypes.Jwt
        && !request.Form.ContainsKey(OAuthConstants.Parameters.Audience)
        && !request.Form.ContainsKey(OAuthConstants.Parameters.Resource)
            ? OAuthError.InvalidRequest(
                "a JWT authorization grant is for one partner authorization server: name it with audience (its issuer identifier) or resource "
                + "(its issuer identifier or token endpoint) (draft-ietf-oauth-identity-chaining section 2.3.1)")
            : null;

    private static async Task<IResult> HandleAsync(TokenRequest request, AgentGrantRequest read)
    {
        var (partner, targetError) = FindPartner(request, read);
        if (targetError is not null)
            return await RefuseAsync(request, read, targetError);
        if (RequestProblem(request.Form) is { } problem)
            return await RefuseAsync(request, read, problem);

        var (subject, subjectScope, subjectError) = await ReadSubjectTokenAsync(request, read);
        if (subjectError is not null)
            return await RefuseAsync(request, read, subjectError);

        // The grain audits its own decision, allowed or denied.
        var outcome = await request.Grains.Reference<IAgentGrain>(GrainKeys.Agent(read.Agent)).ObtainAuthorizationGrantAsync(new ChainingGrant(
            request.Issuer.Url, partner!.Issuer, subject!.Jti, subject.Subject, [.. subjectScope!], subject.Actors, subject.ExpiresAt,
            [.. read.Scopes], partner.GrantLifetime, read.Client.Method, request.CorrelationId));
        return AuthorizationGrantResponse.For(outcome, request.Time);
    }

    /// <summary>A refusal of an authenticated agent's request is a chaining decision too: audited with what it asked for.</summary>
    private static async Task<IResult> RefuseAsync(TokenRequest request, AgentGrantRequest read, OAuthError error)
    {
        var targets = read.Resources.Count == 0 ? "none" : string.Join(' ', read.Resources);
        await request.Grains.Reference<IAuditLogGrain>(GrainKeys.AuditLog(request.Bundles.TrustDomain)).AppendAsync(new AuditEntryMessage(
            ActionName, "Denied", AgentId: read.Agent.ToString(), CorrelationId: request.CorrelationId, Actor: read.Client.ClientId,
            Cause: "identity chaining", Detail: $"aud {targets}; {error.Error}: {error.Description}"));
        return OAuthResponses.Error(error);
    }

    /// <summary>Draft §2.3.1: one of resource or audience names the partner; the grant has a single aud (§2.3.3).</summary>
    private static (ChainingPartner? Partner, OAuthError? Error) FindPartner(TokenRequest request, AgentGrantRequest read)
    {
        var partners = request.Http.RequestServices.GetService<ChainingPartnerDirectory>() ?? ChainingPartnerDirectory.Empty;
        if (partners.Count == 0)
        {
            return (null, OAuthError.InvalidTarget(
                "this server issues no JWT authorization grants for other domains: no chaining partner is configured (Aims:OAuth:ChainingPartners)"));
        }

        // The client is authenticated by now, so it may hear which partners exist.
        var allowed = string.Join(", ", partners.All.Select(p => p.Issuer));
        if (read.Resources.Count != 1)
        {
            return (null, OAuthError.InvalidTarget(
                $"a JWT authorization grant is for exactly one authorization server; send one audience or resource, one of: {allowed}"));
        }

        var target = read.Resources[0];
        return partners.TryFind(target, out var partner)
            ? (partner, null)
            : (null, OAuthError.InvalidTarget(
                $"'{target}' is not a partner authorization server of this server; grants are issued for: {allowed} "
                + "(audience = its issuer identifier; resource = its issuer identifier or token endpoint)"));
    }

    private static OAuthError? RequestProblem(IFormCollection form)
    {
        if (form.ContainsKey(OAuthConstants.Parameters.ActorToken) || form.ContainsKey(OAuthConstants.Parameters.ActorTokenType))
            return OAuthError.InvalidRequest("actor_token is not used for identity chaining: the authenticated client is the party the grant is issued to");
        if (form.ContainsKey(OAuthConstants.Parameters.Impersonation))
            return OAuthError.InvalidRequest("impersonation does not apply to identity chaining: the grant's sub is the subject token's sub, and act is carried over as it is");

        var subjectTokenType = form.Single(OAuthConstants.Parameters.SubjectTokenType);
        if (form.Single(OAuthConstants.Parameters.SubjectToken) is null || subjectTokenType is null)
            return OAuthError.InvalidRequest("subject_token and subject_token_type are required (RFC 8693 section 2.1)");
        // A transaction token as subject never gets here: it stays inside its trust domain (TxnTokenExchange refuses it).
        return subjectTokenType is OAuthConstants.TokenTypes.AccessToken or OAuthConstants.TokenTypes.Jwt
            ? null
            : OAuthError.InvalidRequest(
                $"subject_token_type must be {OAuthConstants.TokenTypes.AccessToken}: an access token this server issued to you, not '{subjectTokenType}'");
    }

    /// <summary>
    /// The subject token: an access token of this server, issued to the authenticated client, live, and still stood
    /// behind by every party it names. Its scope is returned as it stands now (a scope reduction applied).
    /// </summary>
    private static async Task<(AccessToken? Subject, ScopeSet? Scope, OAuthError? Error)> ReadSubjectTokenAsync(TokenRequest request, AgentGrantRequest read)
    {
        var bundle = await request.Bundles.GetAsync();
        var check = AccessTokenValidator.Validate(
            request.Form.Single(OAuthConstants.Parameters.SubjectToken)!, bundle.OAuthKeys, request.Issuer.Url, null, request.Time.GetUtcNow());
        if (!check.IsValid)
            return (null, null, OAuthError.InvalidGrant($"subject_token is not a valid access token of this server: {check.Detail}"));

        var subject = check.Value!;
        if (!string.Equals(subject.ClientId, read.Client.ClientId, StringComparison.Ordinal))
        {
            return (null, null, OAuthError.InvalidGrant(
                $"subject_token was issued to {subject.ClientId}, not to {read.Client.ClientId}; a client chains with an access token it was issued itself"));
        }

        var record = await request.Grains.Reference<ITokenGrain>(GrainKeys.Token(subject.Jti)).GetAsync(TokenRecord.Issued(subject));
        if (!TokenTransitions.IsLive(record.State))
            return (null, null, OAuthError.InvalidGrant($"subject_token is {record.State.ToString().ToLowerInvariant()}"));

        // A compromised, suspended or terminated party revokes the token even when its own grain never heard.
        var standing = await TokenStanding.CheckAsync(request.Grains, subject, request.Bundles.TrustDomain, request.Http.RequestServices.GetService<RevocationCache>());
        return standing.InactiveReason is not null
            ? (null, null, OAuthError.InvalidGrant($"subject_token is no longer valid: {standing.InactiveReason}"))
            : (subject, standing.Narrow(ScopeSet.Parse(record.Scope)), null);
    }
}
