using Aims.Api.OAuth.Grants;
using Aims.Core.OAuth;
using Aims.Core.Transactions;
using Microsoft.AspNetCore.Http;

namespace Aims.Api.OAuth.Transactions;

/// <summary>
/// The token exchange requests that involve Transaction Tokens (draft-ietf-oauth-transaction-tokens §6): asking for
/// one (<c>requested_token_type</c> txn_token) with an access token as subject starts a transaction, with a Txn-Token
/// as subject replaces it; presenting a Txn-Token for an access token gets one to call another service. Any other
/// exchange is not this class's (null).
/// </summary>
internal static class TxnTokenExchange
{
    public static Task<IResult>? TryHandle(TokenRequest request, AgentGrantRequest read)
    {
        var form = request.Form;
        var requested = form.Single(OAuthConstants.Parameters.RequestedTokenType);
        var subjectType = form.Single(OAuthConstants.Parameters.SubjectTokenType);
        if (requested == OAuthConstants.TokenTypes.TxnToken)
            return HandleTxnTokenRequest(request, read, subjectType);
        if (subjectType == OAuthConstants.TokenTypes.TxnToken && requested is null or OAuthConstants.TokenTypes.AccessToken)
            return TxnTokenToAccessToken.HandleAsync(request, read);
        return subjectType == OAuthConstants.TokenTypes.TxnToken
            ? Task.FromResult(OAuthResponses.Error(OAuthErrors.InvalidRequest,
                $"a transaction token can be exchanged for {OAuthConstants.TokenTypes.TxnToken} (a replacement) or {OAuthConstants.TokenTypes.AccessToken}, not '{requested}'"))
            : null;
    }

    /// <summary>
    /// A Txn-Token request without <c>audience</c> would otherwise hear that access tokens need a resource; it is told
    /// what a Txn-Token needs instead.
    /// </summary>
    public static OAuthError? AudienceMissing(TokenRequest request) =>
        request.Form.Single(OAuthConstants.Parameters.RequestedTokenType) == OAuthConstants.TokenTypes.TxnToken
        && !request.Form.ContainsKey(OAuthConstants.Parameters.Audience)
        && !request.Form.ContainsKey(OAuthConstants.Parameters.Resource)
            ? OAuthError.InvalidTarget($"a transaction token is for one trust domain: send audience={request.Bundles.TrustDomain.Name} (draft-ietf-oauth-transaction-tokens section 6.1)")
            : null;

    private static Task<IResult> HandleTxnTokenRequest(TokenRequest request, AgentGrantRequest read, string? subjectType)
    {
        if (Problem(request, read) is { } problem)
            return Task.FromResult(OAuthResponses.Error(problem));
        return subjectType switch
        {
            OAuthConstants.TokenTypes.AccessToken => TxnTokenIssuance.StartAsync(request, read),
            OAuthConstants.TokenTypes.TxnToken => TxnTokenIssuance.ReplaceAsync(request, read),
            OAuthConstants.TokenTypes.RefreshToken => Task.FromResult(OAuthResponses.Error(OAuthErrors.InvalidRequest,
                "a transaction token is never issued for a refresh token (draft-ietf-oauth-transaction-tokens section 10); present the access token")),
            _ => Task.FromResult(OAuthResponses.Error(OAuthErrors.InvalidRequest,
                $"subject_token_type must be {OAuthConstants.TokenTypes.AccessToken} (an access token of this server, to start a transaction) or {OAuthConstants.TokenTypes.TxnToken} (to replace one)")),
        };
    }

    /// <summary>Draft §6.1: <c>audience</c> is the trust domain and nothing else; a Txn-Token request carries no actor token.</summary>
    private static OAuthError? Problem(TokenRequest request, AgentGrantRequest read)
    {
        var trustDomain = request.Bundles.TrustDomain.Name;
        if (request.Form.ContainsKey(OAuthConstants.Parameters.Resource)
            || read.Resources.Count != 1 || !string.Equals(read.Resources[0], trustDomain, StringComparison.Ordinal))
        {
            return OAuthError.InvalidTarget(
                $"a transaction token is for one trust domain: send audience={trustDomain} and no resource (draft-ietf-oauth-transaction-tokens section 6.1)");
        }

        if (request.Form.ContainsKey(OAuthConstants.Parameters.ActorToken))
            return OAuthError.InvalidRequest("actor_token is not used for transaction tokens: the requesting workload is the authenticated client");
        return null;
    }
}
