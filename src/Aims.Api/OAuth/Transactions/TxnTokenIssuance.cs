using Aims.Api.OAuth.Grants;
using Aims.Core.OAuth;
using Aims.Core.Tokens;
using Aims.Core.Transactions;
using Aims.Grains;
using Aims.Grains.Tokens;
using Aims.Grains.Transactions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Aims.Api.OAuth.Transactions;

/// <summary>
/// Starting and replacing transactions (draft §6.3, §10.5): the front end validates the subject token and its
/// standing, reads <c>request_details</c> (→ <c>tctx</c>) and <c>request_context</c> (→ <c>rctx</c>), and hands the
/// rest to the transaction's grain, which asks policy, signs and audits.
/// </summary>
internal static class TxnTokenIssuance
{
    /// <summary>A new transaction from an access token of this server (draft §6.3).</summary>
    public static async Task<IResult> StartAsync(TokenRequest request, AgentGrantRequest read)
    {
        var form = request.Form;
        var now = request.Time.GetUtcNow();
        var bundle = await request.Bundles.GetAsync();

        // RFC 8693 §2.2.2: an unacceptable subject_token is invalid_request.
        var check = AccessTokenValidator.Validate(form.Single(OAuthConstants.Parameters.SubjectToken) ?? string.Empty, bundle.OAuthKeys, request.Issuer.Url, null, now);
        if (!check.IsValid)
            return OAuthResponses.Error(OAuthErrors.InvalidRequest, $"subject_token is not a valid access token of this server: {check.Detail}");
        var subject = check.Value;
        var record = await request.Grains.Reference<ITokenGrain>(GrainKeys.Token(subject.Jti)).GetAsync(TokenRecord.Issued(subject));
        if (!TokenTransitions.IsLive(record.State))
            return OAuthResponses.Error(OAuthErrors.InvalidRequest, $"subject_token is {record.State.ToString().ToLowerInvariant()}");
        var standing = await TokenStanding.CheckAsync(request.Grains, subject, request.Bundles.TrustDomain, request.Http.RequestServices.GetService<RevocationCache>());
        if (standing.InactiveReason is not null)
            return OAuthResponses.Error(OAuthErrors.InvalidRequest, $"subject_token is no longer valid: {standing.InactiveReason}");

        // Draft §10 "Scope Processing": equal to or less than the subject token's scope, as it stands now.
        if (TxnTokenRules.ScopeRefusal(read.Scopes, standing.Narrow(ScopeSet.Parse(record.Scope)), "the subject token") is { } refusal)
            return OAuthResponses.Error(refusal);
        if (!ContextObject.TryNormalize(form.Single(TxnTokenConstants.Parameters.RequestDetails), TxnTokenConstants.Parameters.RequestDetails, out var tctx, out var detailsError))
            return OAuthResponses.Error(OAuthErrors.InvalidRequest, detailsError);
        if (!ContextObject.TryNormalize(form.Single(TxnTokenConstants.Parameters.RequestContext), TxnTokenConstants.Parameters.RequestContext, out var context, out var contextError)
            || !RequesterContext.TryBuild(context, TxnTokenConstants.OAuthAuthentication, out var rctx, out contextError))
        {
            return OAuthResponses.Error(OAuthErrors.InvalidRequest, contextError);
        }

        var txn = TransactionIds.New();
        var outcome = await request.Grains.Reference<ITransactionGrain>(GrainKeys.Transaction(txn)).StartAsync(new TransactionStart(
            request.Issuer.Url, request.Bundles.TrustDomain.Name, read.Client.ClientId, subject.Subject, subject.Jti, subject.ClientId,
            subject.Audience, [.. read.Scopes], tctx, rctx, read.Client.Method, request.CorrelationId));
        return TxnTokenResponse.For(outcome, request.Time);
    }

    /// <summary>A replacement of a Txn-Token of this trust domain (draft §10.5): narrower or equal scope, same transaction.</summary>
    public static async Task<IResult> ReplaceAsync(TokenRequest request, AgentGrantRequest read)
    {
        var form = request.Form;
        var check = await PresentedTxnTokens.ValidateAsync(form.Single(OAuthConstants.Parameters.SubjectToken) ?? string.Empty, request.Bundles, request.Issuer, request.Time.GetUtcNow());
        if (!check.IsValid)
            return OAuthResponses.Error(OAuthErrors.InvalidRequest, $"subject_token is not a valid transaction token of this trust domain: {check.Detail}");
        var presented = check.Value;
        var standing = await TransactionStanding.CheckAsync(request.Grains, presented, request.Bundles.TrustDomain, request.Http.RequestServices.GetService<RevocationCache>());
        if (standing.InactiveReason is not null)
            return OAuthResponses.Error(OAuthErrors.InvalidRequest, $"subject_token is no longer valid: {standing.InactiveReason}");
        if (form.ContainsKey(TxnTokenConstants.Parameters.RequestContext))
        {
            return OAuthResponses.Error(OAuthErrors.InvalidRequest,
                "request_context is read when a transaction starts; a replacement keeps the transaction's rctx (send request_details to add to tctx)");
        }

        if (!ContextObject.TryNormalize(form.Single(TxnTokenConstants.Parameters.RequestDetails), TxnTokenConstants.Parameters.RequestDetails, out var additions, out var detailsError))
            return OAuthResponses.Error(OAuthErrors.InvalidRequest, detailsError);

        // A reduction of a party's scope since the token was issued narrows it as well; asking for more is then invalid_scope.
        var effective = standing.Narrow(presented.Scope);
        var asked = read.Scopes.IsEmpty ? effective : read.Scopes;
        if (TxnTokenRules.ScopeRefusal(asked, effective, "the transaction token being replaced") is { } refusal)
            return OAuthResponses.Error(refusal);

        var outcome = await request.Grains.Reference<ITransactionGrain>(GrainKeys.Transaction(presented.Txn)).ReplaceAsync(new TransactionReplacement(
            PresentedTxnTokens.ToGrain(presented with { Scope = effective }), read.Client.ClientId, [.. asked], additions, read.Client.Method, request.CorrelationId));
        return TxnTokenResponse.For(outcome, request.Time);
    }
}
