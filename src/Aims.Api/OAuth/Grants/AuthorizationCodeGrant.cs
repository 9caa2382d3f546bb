using Aims.Core.OAuth;
using Aims.Core.Sessions;
using Aims.Grains;
using Aims.Grains.Sessions;
using Microsoft.AspNetCore.Http;

namespace Aims.Api.OAuth.Grants;

/// <summary>
/// <c>authorization_code</c> (RFC 6749 §4.1.3) with PKCE (RFC 7636 §4.5): the client authenticates as it registered
/// (an agent with its SVID, a public client by client_id alone), and the session the code names decides.
/// </summary>
internal static class AuthorizationCodeGrant
{
    public static async Task<IResult> HandleAsync(TokenRequest request)
    {
        var (client, clientError) = await request.AuthenticateClientAsync(allowPublicClient: true);
        if (clientError is not null)
            return OAuthResponses.Error(clientError);

        var code = request.Form.Single(OAuthConstants.Parameters.Code);
        var redirectUri = request.Form.Single(OAuthConstants.Parameters.RedirectUri);
        var verifier = request.Form.Single(OAuthConstants.Parameters.CodeVerifier);
        if (code is null || redirectUri is null || verifier is null)
        {
            return OAuthResponses.Error(OAuthErrors.InvalidRequest,
                "code, redirect_uri and code_verifier are required (RFC 6749 section 4.1.3, RFC 7636 section 4.5)");
        }

        var (resources, resourceError) = TokenResources.ReadOptional(request.Form);
        if (resourceError is not null)
            return OAuthResponses.Error(resourceError);
        if (!SessionCredential.TryReadSessionId(code, SessionCredentialKind.AuthorizationCode, out var sessionId))
            return OAuthResponses.Error(SessionRules.ErrorFor(SessionCheck.Unknown, SessionCredentialKind.AuthorizationCode));

        var tokens = await request.Grains.Reference<ISessionGrain>(GrainKeys.Session(sessionId)).RedeemCodeAsync(new CodeRedemptionRequest(
            code, client!.ClientId, redirectUri, verifier, resources, request.Issuer.Url, client.Method, client.CnfX5tS256, request.CorrelationId));
        return TokenResponse.For(tokens.Outcome, request.Time, refreshToken: tokens.RefreshToken);
    }
}
