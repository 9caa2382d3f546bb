using Aims.Core.OAuth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Aims.Api.OAuth;

/// <summary>RFC 8414 metadata, listing exactly what this server supports today.</summary>
public static class MetadataEndpoints
{
    public static void MapAuthorizationServerMetadata(this IEndpointRouteBuilder app)
    {
        app.MapGet("/.well-known/oauth-authorization-server", Metadata).AllowAnonymous();
        app.MapGet("/.well-known/openid-configuration", Metadata).AllowAnonymous();
    }

    private static IResult Metadata(AuthorizationServerIssuer issuer)
    {
        var metadata = AuthorizationServerMetadata.ForIssuer(issuer.Url) with
        {
            AuthorizationEndpoint = null,
            RegistrationEndpoint = null,
            GrantTypesSupported = [OAuthConstants.GrantTypes.ClientCredentials, OAuthConstants.GrantTypes.TokenExchange],
            // JWT-SVID client assertions (RFC 7523 §2.2, signed by the trust domain, not by the client) have no
            // registered method name; private_key_jwt is listed once clients can register their own keys.
            TokenEndpointAuthMethodsSupported = [OAuthConstants.ClientAuthenticationMethods.TlsClientAuth],
            IntrospectionEndpointAuthMethodsSupported = [OAuthConstants.ClientAuthenticationMethods.TlsClientAuth],
            RevocationEndpointAuthMethodsSupported = [OAuthConstants.ClientAuthenticationMethods.TlsClientAuth],
        };
        return Results.Bytes(metadata.ToUtf8Json(), "application/json");
    }
}
