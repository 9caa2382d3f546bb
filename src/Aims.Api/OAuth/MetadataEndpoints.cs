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

    private static readonly string[] AuthMethods =
        [OAuthConstants.ClientAuthenticationMethods.PrivateKeyJwt, OAuthConstants.ClientAuthenticationMethods.TlsClientAuth];

    private static IResult Metadata(AuthorizationServerIssuer issuer)
    {
        var metadata = AuthorizationServerMetadata.ForIssuer(issuer.Url) with
        {
            AuthorizationEndpoint = null,
            RegistrationEndpoint = null,
            GrantTypesSupported = [.. TokenEndpoint.SupportedGrantTypes],
            // private_key_jwt signs with the key of the agent's X509-SVID or WIT. JWT-SVID client assertions (RFC 7523
            // §2.2, signed by the trust domain rather than the client) are accepted too but have no registered name.
            TokenEndpointAuthMethodsSupported = AuthMethods,
            IntrospectionEndpointAuthMethodsSupported = AuthMethods,
            RevocationEndpointAuthMethodsSupported = AuthMethods,
        };
        return Results.Bytes(metadata.ToUtf8Json(), "application/json");
    }
}
