using Aims.Core.OAuth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using AuthMethods = Aims.Core.OAuth.OAuthConstants.ClientAuthenticationMethods;

namespace Aims.Api.OAuth;

/// <summary>RFC 8414 metadata, listing exactly what this server supports today.</summary>
public static class MetadataEndpoints
{
    public static void MapAuthorizationServerMetadata(this IEndpointRouteBuilder app)
    {
        app.MapGet("/.well-known/oauth-authorization-server", Metadata).AllowAnonymous();
        app.MapGet("/.well-known/openid-configuration", Metadata).AllowAnonymous();
    }

    /// <summary>
    /// private_key_jwt signs with the key of the agent's X509-SVID or WIT, or with a key a registered client put in its
    /// jwks. JWT-SVID client assertions (RFC 7523 §2.2, signed by the trust domain rather than the client) are
    /// accepted too but have no registered name.
    /// </summary>
    private static readonly string[] ConfidentialAuthMethods = [AuthMethods.PrivateKeyJwt, AuthMethods.TlsClientAuth];

    /// <summary>At the token endpoint a public client (RFC 7591 <c>none</c>) may redeem codes and refresh tokens, with PKCE.</summary>
    private static readonly string[] TokenEndpointAuthMethods = [AuthMethods.None, .. ConfidentialAuthMethods];

    private static IResult Metadata(AuthorizationServerIssuer issuer, HttpContext http)
    {
        var partners = http.RequestServices.GetService<Core.OAuth.Chaining.ChainingPartnerDirectory>();
        var metadata = AuthorizationServerMetadata.ForIssuer(issuer.Url) with
        {
            GrantTypesSupported = [.. TokenEndpoint.SupportedGrantTypes],
            TokenEndpointAuthMethodsSupported = TokenEndpointAuthMethods,
            // Introspection and revocation answer only clients that prove who they are (RFC 7662 §2.1).
            IntrospectionEndpointAuthMethodsSupported = ConfidentialAuthMethods,
            RevocationEndpointAuthMethodsSupported = ConfidentialAuthMethods,

            // Advertised when there is someone to chain to.
            IdentityChainingRequestedTokenTypesSupported = partners is { Count: > 0 } ? [OAuthConstants.TokenTypes.Jwt] : [],
        };
        return Results.Bytes(metadata.ToUtf8Json(), "application/json");
    }
}
