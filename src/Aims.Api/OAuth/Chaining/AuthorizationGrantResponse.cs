using Aims.Core.OAuth;
using Aims.Grains.Tokens;
using Microsoft.AspNetCore.Http;

namespace Aims.Api.OAuth.Chaining;

/// <summary>
/// The identity chaining response (draft-ietf-oauth-identity-chaining §2.3.3, RFC 8693 §2.2.1): the grant in
/// <c>access_token</c>, <c>issued_token_type</c> jwt and <c>token_type</c> N_A, since it is not an access token; never
/// a refresh token.
/// </summary>
internal static class AuthorizationGrantResponse
{
    public static IResult For(AuthorizationGrantOutcome outcome, TimeProvider time)
    {
        if (outcome.Issued is not { } grant)
            return OAuthResponses.Error(outcome.Error!, outcome.ErrorDescription!);

        var body = new Dictionary<string, object>
        {
            ["access_token"] = grant.Token,
            ["issued_token_type"] = OAuthConstants.TokenTypes.Jwt,
            ["token_type"] = OAuthConstants.AccessTokenTypes.NotApplicable,
            ["expires_in"] = (long)Math.Max(0, (grant.ExpiresAt - time.GetUtcNow()).TotalSeconds),
        };
        if (grant.Scope.Length > 0)
            body["scope"] = grant.Scope;
        return OAuthResponses.Json(body);
    }
}
