using Aims.Core.OAuth;
using Aims.Grains.Transactions;
using Microsoft.AspNetCore.Http;

namespace Aims.Api.OAuth.Transactions;

/// <summary>
/// The Txn-Token response (draft §6.2): the token in <c>access_token</c>, <c>issued_token_type</c> txn_token and
/// <c>token_type</c> N_A, since it is not an access token (RFC 8693 §2.2.1); never a refresh token.
/// </summary>
internal static class TxnTokenResponse
{
    public static IResult For(TxnTokenOutcome outcome, TimeProvider time)
    {
        if (outcome.Issued is not { } token)
            return OAuthResponses.Error(outcome.Error!, outcome.ErrorDescription!);

        return OAuthResponses.Json(new Dictionary<string, object>
        {
            ["access_token"] = token.Token,
            ["issued_token_type"] = OAuthConstants.TokenTypes.TxnToken,
            ["token_type"] = OAuthConstants.AccessTokenTypes.NotApplicable,
            ["expires_in"] = (long)Math.Max(0, (token.ExpiresAt - time.GetUtcNow()).TotalSeconds),
            ["scope"] = token.Scope,
        });
    }
}
