using Aims.Api.Http;
using Aims.Core.Identity;
using Aims.Core.OAuth;
using Aims.Grains;
using Aims.Grains.Audit;
using Aims.Grains.Tokens;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Aims.Api.OAuth.Grants;

/// <summary>
/// <c>urn:ietf:params:oauth:grant-type:jwt-bearer</c> (RFC 7523 §2.1): a JWT authorization grant from a trusted
/// issuer, e.g. another trust domain's authorization server in identity chaining, gets an access token for the
/// agent it names. Client authentication is optional (RFC 7523 §3.1); credentials that are sent must be valid.
/// </summary>
internal static class JwtBearerGrant
{
    /// <summary>How a request without client authentication is recorded in the audit log.</summary>
    private const string NoClientAuthentication = "none";

    public static async Task<IResult> HandleAsync(TokenRequest request)
    {
        if (request.Form.Single(OAuthConstants.Parameters.Assertion) is not { } assertion)
            return OAuthResponses.Error(OAuthErrors.InvalidRequest, "assertion is required: the JWT authorization grant (RFC 7523 section 2.1)");

        AuthenticatedClient? client = null;
        var trustDomain = request.Bundles.TrustDomain;
        if (await CarriesClientCredentialsAsync(request))
        {
            // An agent of a federated trust domain authenticates with its own SVID here, and for this grant only.
            var foreign = await FederatedClientAuthentication.ForeignTrustDomainAsync(request.Http, request.Form, trustDomain);
            var (authenticated, clientError) = foreign is not null
                ? await FederatedClientAuthentication.AuthenticateAsync(request, foreign)
                : await request.AuthenticateClientAsync();
            if (clientError is not null)
            {
                if (foreign is not null)
                    await AuditForeignClientRefusalAsync(request, foreign, clientError);
                return OAuthResponses.Error(clientError);
            }

            client = authenticated;
        }

        if (!ScopeSet.TryParse(request.Form.Single(OAuthConstants.Parameters.Scope), out var scopes, out var scopeError))
            return OAuthResponses.Error(OAuthErrors.InvalidScope, scopeError);
        var (resources, resourceError) = TokenResources.Read(request.Form);
        if (resourceError is not null)
            return OAuthResponses.Error(resourceError);

        // The key cache is resolved here rather than carried by every TokenRequest: only this grant needs it.
        var issuerKeys = request.Http.RequestServices.GetRequiredService<TrustedIssuerKeys>();
        if (client is null && RequiredClientAuthentication(assertion, issuerKeys) is { } required)
        {
            await AuditRefusalAsync(request, client, required.Issuer, required.Error);
            return OAuthResponses.Error(required.Error);
        }

        // A partner agent authenticated as itself may present only its own grant.
        var partnerAgent = client?.Agent is { } agent && !agent.IsMemberOf(trustDomain) ? agent : null;
        var (grant, trusted, error, claimedIssuer) = await JwtAuthorizationGrantRequest.ReadAsync(
            assertion, issuerKeys, request.Issuer, request.Grains, trustDomain, request.Time, partnerAgent, request.Http.RequestAborted);
        if (error is not null)
        {
            if (claimedIssuer is not null)
                await AuditRefusalAsync(request, client, claimedIssuer, error);
            return OAuthResponses.Error(error);
        }

        // Identity chaining §2.5: the issuer's scope claim bounds what the grant gets here; the trusted issuer's policy
        // decides within it. No scope asked means the grant's scope.
        if (grant!.Scope is { } carried)
        {
            var beyond = scopes.Where(scope => !carried.Contains(scope)).ToList();
            if (beyond.Count > 0)
            {
                var refusal = new OAuthError(OAuthErrors.InvalidScope,
                    $"scope {string.Join(' ', beyond)} is not in the assertion's scope '{carried}'; ask its issuer for a grant that carries it, or ask for less");
                await AuditRefusalAsync(request, client, grant.Issuer, refusal);
                return OAuthResponses.Error(refusal);
            }

            if (scopes.IsEmpty)
                scopes = carried;
        }

        var outcome = await request.Grains.Reference<IJwtGrantIssuerGrain>(GrainKeys.Issuer(trustDomain)).IssueAsync(new JwtAuthorizationGrant(
            request.Issuer.Url, grant!.Issuer, trusted!.Policy, grant.Subject.ToString(), grant.Jti, [.. scopes], resources,
            client?.ClientId, client?.Method ?? NoClientAuthentication, client?.CnfX5tS256, request.CorrelationId, grant.IssuedAt, client?.Credential));
        return TokenResponse.For(outcome, request.Time);
    }

    /// <summary>
    /// Any client authentication parameter with a value (RFC 6749 §3.2: an empty one counts as omitted), or a TLS client
    /// certificate, means the client means to authenticate; a bare client_id is a claim that must be proved too.
    /// </summary>
    private static async Task<bool> CarriesClientCredentialsAsync(TokenRequest request) =>
        request.Form.Single(OAuthConstants.Parameters.ClientId) is not null
        || request.Form.Single(OAuthConstants.Parameters.ClientAssertion) is not null
        || request.Form.Single(OAuthConstants.Parameters.ClientAssertionType) is not null
        || await request.Http.Connection.GetClientCertificateAsync() is not null;

    /// <summary>
    /// Identity chaining §5.3 "Requiring client authentication": a trusted issuer configured with
    /// <see cref="TrustedIssuer.RequireClientAuthentication"/> has its grants refused without it. Decided on the
    /// assertion's unverified <c>iss</c>, before the grant is checked and used up: a refusal needs no proof, and a
    /// client that forgot to authenticate can still present the same grant properly.
    /// </summary>
    private static (string Issuer, OAuthError Error)? RequiredClientAuthentication(string assertion, TrustedIssuerKeys keys)
    {
        var signer = JwtAuthorizationGrantValidator.ReadSigner(assertion);
        if (!signer.IsSuccess || !keys.Issuers.TryFind(signer.Value.Issuer, out var trusted) || !trusted.RequireClientAuthentication)
            return null;
        return (trusted.Issuer, OAuthError.InvalidClient(
            $"grants of trusted issuer '{trusted.Issuer}' are accepted only from an authenticated client (identity chaining section 5.3): "
            + "present the X509-SVID of the agent the grant names as TLS client certificate (mTLS, RFC 8705), or send its JWT-SVID as "
            + $"client_assertion with client_assertion_type={OAuthConstants.ClientAssertionTypes.JwtBearer} (RFC 7523 section 2.2)"));
    }

    /// <summary>A partner agent's SVID that did not authenticate it is recorded: a forged or stolen one is worth seeing.</summary>
    private static async Task AuditForeignClientRefusalAsync(TokenRequest request, TrustDomain foreign, OAuthError error) =>
        await request.Grains.Reference<IAuditLogGrain>(GrainKeys.AuditLog(request.Bundles.TrustDomain)).AppendAsync(new AuditEntryMessage(
            "token.issue", "Denied", CorrelationId: request.CorrelationId, Actor: "anonymous",
            Cause: $"client authentication of an agent of federated trust domain {foreign}",
            Detail: $"{OAuthConstants.GrantTypes.JwtBearer}: client refused; {error.Error}: {error.Description}"));

    /// <summary>A refused assertion that named an issuer is recorded with that issuer; its unverified subject is not.</summary>
    private static async Task AuditRefusalAsync(TokenRequest request, AuthenticatedClient? client, string claimedIssuer, OAuthError error) =>
        await request.Grains.Reference<IAuditLogGrain>(GrainKeys.AuditLog(request.Bundles.TrustDomain)).AppendAsync(new AuditEntryMessage(
            "token.issue", "Denied", CorrelationId: request.CorrelationId, Actor: client?.ClientId ?? "anonymous",
            Cause: $"JWT authorization grant of {claimedIssuer} (RFC 7523)",
            Detail: $"{OAuthConstants.GrantTypes.JwtBearer}: assertion of issuer '{claimedIssuer}' refused; client {client?.ClientId ?? "none"} via "
                + $"{client?.Method ?? NoClientAuthentication}{(client?.Credential is { } credential ? $" ({credential})" : string.Empty)}; {error.Error}: {error.Description}"));
}
