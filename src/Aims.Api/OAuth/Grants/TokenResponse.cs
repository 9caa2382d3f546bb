using Aims.Core.OAuth;
using Aims.Grains.Tokens;
using Microsoft.AspNetCore.Http;

namespace Aims.Api.OAuth.Grants;

/// <summary>The RFC 6749 §5.1 success body (RFC 8693 §2.2.1 adds <c>issued_token_type</c>).</summary>
internal static class TokenResponse
{
    public static IResult For(AccessTokenOutcome outcome, TimeProvider time, string? issuedTokenType = null, string? refreshToken = null)
    {
        if (outcome.Issued is not { } token)
            return OAuthResponses.Error(outcome.Error!, outcome.ErrorDescription!);

        // A certificate-bound token still uses the Bearer scheme (RFC 8705 §3).
        return OAuthResponses.Json(new Body(
            token.Token, "Bearer", (long)Math.Max(0, (token.ExpiresAt - time.GetUtcNow()).TotalSeconds), token.Scope, issuedTokenType, refreshToken));
    }

    /// <summary>The members in the order RFC 6749 §5.1 lists them; absent ones are left out (<see cref="Http.AimsJson"/>).</summary>
    private sealed record Body(string AccessToken, string TokenType, long ExpiresIn, string Scope, string? IssuedTokenType, string? RefreshToken);

    /// <summary>Client credentials and token exchange are for agents: a registered client without a SPIFFE ID gets this.</summary>
    public static OAuthError AgentsOnly(AuthenticatedClient client, string grantType) =>
        new(OAuthErrors.UnauthorizedClient, $"{grantType} is for agents (a SPIFFE ID client_id); client {client.ClientId} may use authorization_code and refresh_token");
}
