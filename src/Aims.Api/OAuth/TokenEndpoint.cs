using Aims.Api.Bundles;
using Aims.Api.Http;
using Aims.Core.OAuth;
using Aims.Grains;
using Aims.Grains.Agents;
using Aims.Grains.Tokens;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Aims.Api.OAuth;

/// <summary><c>POST /oauth2/token</c> (RFC 6749 §3.2). Grants: client_credentials; the others arrive with the rest of the OAuth work.</summary>
public static class TokenEndpoint
{
    public static void MapTokenEndpoint(this IEndpointRouteBuilder app) =>
        app.MapPost(AuthorizationServerMetadata.TokenPath, HandleAsync).AllowAnonymous().DisableAntiforgery();

    private static async Task<IResult> HandleAsync(
        HttpContext http, IGrainFactory grains, BundleCache bundles, AuthorizationServerIssuer issuer, TimeProvider time)
    {
        var (read, formError) = await OAuthForm.ReadAsync(http.Request);
        if (formError is not null)
            return OAuthResponses.Error(formError);

        var form = read!;
        var grantType = form.Single(OAuthConstants.Parameters.GrantType);
        if (grantType is null)
            return OAuthResponses.Error(OAuthErrors.InvalidRequest, "grant_type is required");
        if (grantType is not (OAuthConstants.GrantTypes.ClientCredentials or OAuthConstants.GrantTypes.TokenExchange))
        {
            return OAuthResponses.Error(
                OAuthErrors.UnsupportedGrantType,
                $"grant_type '{grantType}' is not supported; supported: {OAuthConstants.GrantTypes.ClientCredentials}, {OAuthConstants.GrantTypes.TokenExchange}");
        }

        var (client, clientError) = await ClientAuthentication.AuthenticateAsync(http, form, bundles, issuer, grains, time);
        if (clientError is not null)
            return OAuthResponses.Error(clientError);

        if (!ScopeSet.TryParse(form.Single(OAuthConstants.Parameters.Scope), out var scopes, out var scopeError))
            return OAuthResponses.Error(OAuthErrors.InvalidScope, scopeError);
        var resources = Resources(form);
        if (resources.Error is not null)
            return OAuthResponses.Error(resources.Error);

        AccessTokenOutcome outcome;
        if (grantType == OAuthConstants.GrantTypes.TokenExchange)
        {
            var (exchange, exchangeError) = await TokenExchangeRequest.ReadAsync(form, client!, scopes, resources.Values, grains, bundles, issuer, time, http.CorrelationId());
            if (exchangeError is not null)
                return OAuthResponses.Error(exchangeError);
            outcome = await grains.GetGrain<IAgentGrain>(GrainKeys.Agent(client!.Id)).ExchangeTokenAsync(exchange!);
        }
        else
        {
            outcome = await grains.GetGrain<IAgentGrain>(GrainKeys.Agent(client!.Id)).IssueAccessTokenAsync(new AccessTokenGrant(
                issuer.Url, grantType, [.. scopes], resources.Values, client.CnfX5tS256, client.Method, http.CorrelationId()));
        }

        if (outcome.Issued is not { } token)
            return OAuthResponses.Error(outcome.Error!, outcome.ErrorDescription!);

        // RFC 6749 §5.1 (RFC 8693 §2.2.1 adds issued_token_type); a certificate-bound token still uses the
        // Bearer scheme (RFC 8705 §3).
        var body = new Dictionary<string, object>
        {
            ["access_token"] = token.Token,
            ["token_type"] = "Bearer",
            ["expires_in"] = (long)Math.Max(0, (token.ExpiresAt - time.GetUtcNow()).TotalSeconds),
            ["scope"] = token.Scope,
        };
        if (grantType == OAuthConstants.GrantTypes.TokenExchange)
            body["issued_token_type"] = OAuthConstants.TokenTypes.AccessToken;
        return OAuthResponses.Json(body);
    }

    /// <summary>RFC 8707 <c>resource</c> (absolute URIs) and RFC 8693 <c>audience</c> values; at least one is required.</summary>
    private static (IReadOnlyList<string> Values, OAuthError? Error) Resources(IFormCollection form)
    {
        var values = new List<string>();
        foreach (var name in new[] { OAuthConstants.Parameters.Resource, OAuthConstants.Parameters.Audience })
        {
            foreach (var value in form[name])
            {
                if (string.IsNullOrWhiteSpace(value) || value.Length > 512)
                    return ([], new OAuthError(OAuthErrors.InvalidTarget, $"{name} values must be non-empty and at most 512 characters"));
                if (name == OAuthConstants.Parameters.Resource
                    && (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || !string.IsNullOrEmpty(uri.Fragment)))
                    return ([], new OAuthError(OAuthErrors.InvalidTarget, $"resource '{value}' must be an absolute URI without a fragment (RFC 8707 section 2)"));
                values.Add(value);
            }
        }

        if (values.Count == 0)
            return ([], OAuthError.InvalidRequest("name the API the token is for with resource (RFC 8707) or audience; access tokens are always audience-restricted"));
        if (values.Count > 8)
            return ([], new OAuthError(OAuthErrors.InvalidTarget, "at most 8 resources or audiences per token"));
        return ([.. values.Distinct(StringComparer.Ordinal)], null);
    }
}
