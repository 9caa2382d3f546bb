using Aims.Core.OAuth;
using Aims.Core.Sessions;
using Aims.Grains;
using Aims.Grains.Sessions;
using Microsoft.AspNetCore.Http;

namespace Aims.Api.OAuth.Grants;

/// <summary>
/// <c>refresh_token</c> (RFC 6749 §6): every use rotates the token, and the scope may only narrow. The refresh token
/// is bound to the client it was issued to; its session decides.
/// </summary>
internal static class RefreshTokenGrant
{
    public static async Task<IResult> HandleAsync(TokenRequest request)
    {
        var (client, clientError) = await request.AuthenticateClientAsync(allowPublicClient: true);
        if (clientError is not null)
            return OAuthResponses.Error(clientError);

        var refreshToken = request.Form.Single(OAuthConstants.Parameters.RefreshToken);
        if (refreshToken is null)
            return OAuthResponses.Error(OAuthErrors.InvalidRequest, "refresh_token is required (RFC 6749 section 6)");
        if (!ScopeSet.TryParse(request.Form.Single(OAuthConstants.Parameters.Scope), out var scopes, out var scopeError))
            return OAuthResponses.Error(OAuthErrors.InvalidScope, scopeError);
        var (resources, resourceError) = TokenResources.ReadOptional(request.Form);
        if (resourceError is not null)
            return OAuthResponses.Error(resourceError);
        if (!SessionCredential.TryReadSessionId(refreshToken, SessionCredentialKind.RefreshToken, out var sessionId))
            return OAuthResponses.Error(SessionRules.ErrorFor(SessionCheck.Unknown, SessionCredentialKind.RefreshToken));

        var tokens = await request.Grains.Reference<ISessionGrain>(GrainKeys.Session(sessionId)).RefreshAsync(new TokenRefreshRequest(
            refreshToken, client!.ClientId, [.. scopes], resources, request.Issuer.Url, client.Method, client.CnfX5tS256, request.CorrelationId));
        return TokenResponse.For(tokens.Outcome, request.Time, refreshToken: tokens.RefreshToken);
    }
}
