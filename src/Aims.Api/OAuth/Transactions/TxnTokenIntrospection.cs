using System.Text.Json.Nodes;
using Aims.Api.Bundles;
using Aims.Api.Http;
using Aims.Core.Identity;
using Aims.Core.OAuth;
using Aims.Core.Tokens;
using Aims.Core.Transactions;
using Aims.Grains;
using Aims.Grains.Audit;
using Aims.Grains.Transactions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Aims.Api.OAuth.Transactions;

/// <summary>
/// RFC 7662 introspection and RFC 7009 revocation of Txn-Tokens. Introspection answers from the transaction's grain
/// and the durable standing of its parties, so a revoked transaction (or one whose subject or requesting workload was
/// compromised) is inactive at once on every silo.
/// </summary>
internal static class TxnTokenIntrospection
{
    public static async Task<IResult> IntrospectAsync(
        HttpContext http, IGrainFactory grains, BundleCache bundles, AuthorizationServerIssuer issuer, TimeProvider time, string token, string caller)
    {
        var inactive = OAuthResponses.Json(new Dictionary<string, object> { ["active"] = false });
        var check = await PresentedTxnTokens.ValidateAsync(token, bundles, issuer, time.GetUtcNow());
        if (!check.IsValid)
            return inactive;

        var claims = check.Value;
        var record = await grains.Reference<ITransactionGrain>(GrainKeys.Transaction(claims.Txn)).GetAsync(TransactionRecord.From(PresentedTxnTokens.ToGrain(claims)));
        var standing = await TransactionStanding.CheckAsync(grains, claims, bundles.TrustDomain, http.RequestServices.GetService<RevocationCache>());
        if (!TransactionTransitions.IsLive(record.State) || standing.InactiveReason is not null)
        {
            await AuditAsync(grains, bundles.TrustDomain, "transaction.introspect", "Denied", claims, http.CorrelationId(), caller,
                TransactionTransitions.IsLive(record.State) ? standing.InactiveReason! : $"transaction is {record.State}");
            return inactive;
        }

        var response = new Dictionary<string, object>
        {
            ["active"] = true,
            ["iss"] = claims.Issuer,
            ["sub"] = claims.Subject,
            ["aud"] = claims.Audience,
            ["scope"] = standing.Narrow(claims.Scope).ToString(),
            ["iat"] = claims.IssuedAt.ToUnixTimeSeconds(),
            ["exp"] = claims.ExpiresAt.ToUnixTimeSeconds(),
            [TxnTokenConstants.Claims.Txn] = claims.Txn,
            [TxnTokenConstants.Claims.RequestingWorkload] = string.Join(',', claims.RequestingWorkloads),
            ["token_type"] = OAuthConstants.AccessTokenTypes.NotApplicable,
        };
        if (claims.TransactionContext is { } tctx)
            response[TxnTokenConstants.Claims.TransactionContext] = JsonNode.Parse(tctx)!;
        if (claims.RequesterContext is { } rctx)
            response[TxnTokenConstants.Claims.RequesterContext] = JsonNode.Parse(rctx)!;
        return OAuthResponses.Json(response);
    }

    /// <summary>
    /// RFC 7009: the operator, or a workload of the transaction's call chain, revokes the whole transaction. An invalid
    /// or unknown token is not an error (RFC 7009 §2.2); an expired one is still recorded.
    /// </summary>
    public static async Task<IResult> RevokeAsync(
        HttpContext http, IGrainFactory grains, BundleCache bundles, AuthorizationServerIssuer issuer, TimeProvider time, string token, string caller, bool byOperator)
    {
        var check = await PresentedTxnTokens.ValidateAsync(token, bundles, issuer, time.GetUtcNow(), TimeSpan.FromDays(1));
        if (!check.IsValid)
            return Results.Ok();

        var claims = check.Value;
        if (!byOperator && !claims.RequestingWorkloads.Contains(caller, StringComparer.Ordinal))
            return OAuthResponses.Error(OAuthErrors.UnauthorizedClient, "a client may revoke only a transaction whose req_wl names it (RFC 7009 section 2.1)");

        await grains.Reference<ITransactionGrain>(GrainKeys.Transaction(claims.Txn)).RevokeAsync(
            TransactionRecord.From(PresentedTxnTokens.ToGrain(claims)), $"revoked by {caller} (RFC 7009)", http.CorrelationId());
        return Results.Ok();
    }

    private static Task<AuditRecordView> AuditAsync(
        IGrainFactory grains, TrustDomain trustDomain, string action, string decision, TxnToken claims, string correlationId, string caller, string detail) =>
        grains.Reference<IAuditLogGrain>(GrainKeys.AuditLog(trustDomain)).AppendAsync(new AuditEntryMessage(
            action, decision, AgentId: SpiffeId.TryParse(claims.RequestingWorkload, out _) ? claims.RequestingWorkload : null,
            DelegatedSubject: claims.Subject, Resource: $"transaction:{claims.Txn}", CorrelationId: correlationId, Actor: caller, Detail: detail));
}
