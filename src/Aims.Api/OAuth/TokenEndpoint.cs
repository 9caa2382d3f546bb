using Aims.Api.Bundles;
using Aims.Api.OAuth.Grants;
using Aims.Core.OAuth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Aims.Api.OAuth;

/// <summary><c>POST /oauth2/token</c> (RFC 6749 §3.2): reads the form and hands it to the handler of its grant type.</summary>
public static class TokenEndpoint
{
    private static readonly Dictionary<string, Func<TokenRequest, Task<IResult>>> Handlers = new(StringComparer.Ordinal)
    {
        [OAuthConstants.GrantTypes.AuthorizationCode] = AuthorizationCodeGrant.HandleAsync,
        [OAuthConstants.GrantTypes.ClientCredentials] = ClientCredentialsGrant.HandleAsync,
        [OAuthConstants.GrantTypes.RefreshToken] = RefreshTokenGrant.HandleAsync,
        [OAuthConstants.GrantTypes.TokenExchange] = TokenExchangeGrantHandler.HandleAsync,
        [OAuthConstants.GrantTypes.JwtBearer] = JwtBearerGrant.HandleAsync,
    };

    /// <summary>The grant types this endpoint accepts, for metadata and error messages.</summary>
    public static IReadOnlyCollection<string> SupportedGrantTypes => Handlers.Keys;

    public static void MapTokenEndpoint(this IEndpointRouteBuilder app) =>
        app.MapPost(AuthorizationServerMetadata.TokenPath, HandleAsync).AllowAnonymous().DisableAntiforgery();

    private static async Task<IResult> HandleAsync(
        HttpContext http, IGrainFactory grains, BundleCache bundles, AuthorizationServerIssuer issuer, TimeProvider time)
    {
        var (form, formError) = await OAuthForm.ReadAsync(http.Request);
        if (formError is not null)
            return OAuthResponses.Error(formError);

        var grantType = form!.Single(OAuthConstants.Parameters.GrantType);
        if (grantType is null)
            return OAuthResponses.Error(OAuthErrors.InvalidRequest, "grant_type is required");
        if (!Handlers.TryGetValue(grantType, out var handler))
        {
            return OAuthResponses.Error(
                OAuthErrors.UnsupportedGrantType,
                $"grant_type '{grantType}' is not supported; supported: {string.Join(", ", Handlers.Keys)}");
        }

        return await handler(new TokenRequest(http, form!, grantType, grains, bundles, issuer, time));
    }
}
