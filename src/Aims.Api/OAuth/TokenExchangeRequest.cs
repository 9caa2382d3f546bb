using Aims.Api.Bundles;
using Aims.Core.Credentials;
using Aims.Core.Identity;
using Aims.Core.OAuth;
using Aims.Core.Tokens;
using Aims.Grains;
using Aims.Grains.Agents;
using Aims.Grains.Tokens;
using Microsoft.AspNetCore.Http;

namespace Aims.Api.OAuth;

/// <summary>
/// Reads and checks an RFC 8693 §2.1 token exchange request; the policy decision is the agent grain's. Delegation is
/// the default; the extension parameter <c>impersonation=true</c> asks for impersonation (RFC 8693 §1.1): a token
/// with the subject's <c>sub</c> and no <c>act</c> entry for the client, which the client's policy must allow
/// (<c>oauth.delegation.impersonation</c>).
/// </summary>
internal static class TokenExchangeRequest
{
    public static async Task<(TokenExchangeGrant? Grant, OAuthError? Error)> ReadAsync(
        IFormCollection form, AuthenticatedClient client, ScopeSet scopes, IReadOnlyList<string> resources,
        IGrainFactory grains, BundleCache bundles, AuthorizationServerIssuer issuer, TimeProvider time, string correlationId,
        RevocationCache? revocations)
    {
        var subjectToken = form.Single(OAuthConstants.Parameters.SubjectToken);
        var subjectTokenType = form.Single(OAuthConstants.Parameters.SubjectTokenType);
        if (subjectToken is null || subjectTokenType is null)
            return (null, OAuthError.InvalidRequest("subject_token and subject_token_type are required (RFC 8693 section 2.1)"));
        if (subjectTokenType is not (OAuthConstants.TokenTypes.AccessToken or OAuthConstants.TokenTypes.Jwt))
            return (null, OAuthError.InvalidRequest($"subject_token_type must be {OAuthConstants.TokenTypes.AccessToken}: an access token this server issued"));
        if (form.Single(OAuthConstants.Parameters.RequestedTokenType) is { } requested && requested != OAuthConstants.TokenTypes.AccessToken)
            return (null, OAuthError.InvalidRequest($"requested_token_type '{requested}' is not supported; supported: {OAuthConstants.TokenTypes.AccessToken}, {OAuthConstants.TokenTypes.TxnToken} (a transaction token) and {OAuthConstants.TokenTypes.Jwt} (a JWT authorization grant for a partner authorization server)"));

        var (impersonation, impersonationError) = ReadImpersonation(form);
        if (impersonationError is not null)
            return (null, impersonationError);

        var bundle = await bundles.GetAsync();
        var now = time.GetUtcNow();
        if (ActorProblem(form, client, bundle, issuer, now) is { } actorProblem)
            return (null, actorProblem);

        var check = AccessTokenValidator.Validate(subjectToken, bundle.OAuthKeys, issuer.Url, null, now);
        if (!check.IsValid)
            return (null, OAuthError.InvalidGrant($"subject_token is not a valid access token of this server: {check.Detail}"));
        var subject = check.Value!;
        var record = await grains.Reference<ITokenGrain>(GrainKeys.Token(subject.Jti)).GetAsync(TokenRecord.Issued(subject));
        if (record.State is TokenState.Revoked or TokenState.Expired)
            return (null, OAuthError.InvalidGrant($"subject_token is {record.State.ToString().ToLowerInvariant()}"));

        // The parties of the subject token must still stand behind it: a compromised or suspended subject, client or
        // actor revokes it even when its own grain never heard (cache, then durable agent state).
        var standing = await TokenStanding.CheckAsync(grains, subject, bundles.TrustDomain, revocations);
        if (standing.InactiveReason is not null)
            return (null, OAuthError.InvalidGrant($"subject_token is no longer valid: {standing.InactiveReason}"));
        var subjectScope = standing.Narrow(ScopeSet.Parse(record.Scope));

        // The actor must be an audience of the subject token: a token handed to this agent is what it may exchange.
        var actor = client.ClientId;
        if (!subject.Audience.Contains(actor, StringComparer.Ordinal))
            return (null, OAuthError.InvalidGrant($"subject_token was not issued to {actor} (its aud does not name it); only a token addressed to the actor can be exchanged"));

        // RFC 8693 §4.4: who the subject's own policy lets act for it, when the subject is an agent of this trust domain.
        IReadOnlyList<string> permittedActors = SpiffeId.TryParse(subject.Subject, out var subjectAgent) && subjectAgent.IsMemberOf(bundles.TrustDomain)
            ? await grains.Reference<IAgentGrain>(GrainKeys.Agent(subjectAgent)).GetPermittedActorsAsync()
            : [];

        return (new TokenExchangeGrant(
            issuer.Url, subject.Jti, subject.Subject, subject.ClientId, [.. subjectScope], subject.Actors, subject.ExpiresAt,
            [.. scopes], resources, client.CnfX5tS256, client.Method, correlationId, impersonation, subject.MayAct, permittedActors), null);
    }

    /// <summary>The <c>impersonation</c> extension parameter: absent or <c>false</c> is delegation, <c>true</c> impersonation.</summary>
    private static (bool Impersonation, OAuthError? Error) ReadImpersonation(IFormCollection form) =>
        form.Single(OAuthConstants.Parameters.Impersonation) switch
        {
            null or "false" => (false, null),
            "true" => (true, null),
            var other => (false, OAuthError.InvalidRequest(
                $"impersonation must be 'true' (a token that is the subject's, with no act claim for you: RFC 8693 section 1.1) or 'false' (delegation, the default); got '{other}'")),
        };

    /// <summary>An actor_token, when sent, must be the authenticated client's own JWT-SVID (RFC 8693 §2.1).</summary>
    private static OAuthError? ActorProblem(IFormCollection form, AuthenticatedClient client, CurrentBundle bundle, AuthorizationServerIssuer issuer, DateTimeOffset now)
    {
        var actorToken = form.Single(OAuthConstants.Parameters.ActorToken);
        var actorTokenType = form.Single(OAuthConstants.Parameters.ActorTokenType);
        if (actorToken is null)
            return actorTokenType is null ? null : OAuthError.InvalidRequest("actor_token_type was sent without actor_token");
        if (actorTokenType != OAuthConstants.TokenTypes.Jwt)
            return OAuthError.InvalidRequest($"actor_token_type must be {OAuthConstants.TokenTypes.Jwt} (the actor's JWT-SVID)");

        var svid = JwtSvidValidator.Validate(actorToken, bundle.JwtSvidKeys, issuer.AssertionAudiences, now);
        if (!svid.IsValid)
            return OAuthError.InvalidGrant($"actor_token is not a valid JWT-SVID for this server: {svid.Detail}");
        return svid.Value!.Subject == client.Agent
            ? null
            : OAuthError.InvalidGrant($"actor_token names {svid.Value.Subject}, but the authenticated client is {client.ClientId}");
    }
}
