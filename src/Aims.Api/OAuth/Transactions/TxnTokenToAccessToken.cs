using Aims.Api.OAuth.Grants;
using Aims.Core.Identity;
using Aims.Core.OAuth;
using Aims.Core.Tokens;
using Aims.Core.Transactions;
using Aims.Grains;
using Aims.Grains.Agents;
using Aims.Grains.Tokens;
using Aims.Grains.Transactions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Aims.Api.OAuth.Transactions;

/// <summary>
/// A Txn-Token presented for an access token to call a service (RFC 8693 with <c>subject_token_type</c> txn_token):
/// the authenticated workload acts for the transaction's subject, so the result is a delegated token (<c>act</c> names
/// the workload) that its policy must allow, for the <c>resource</c> it names, within the transaction's scope and life.
/// The transaction must still be live.
/// </summary>
internal static class TxnTokenToAccessToken
{
    public static async Task<IResult> HandleAsync(TokenRequest request, AgentGrantRequest read)
    {
        var trustDomain = request.Bundles.TrustDomain;
        if (read.Resources.Contains(trustDomain.Name, StringComparer.Ordinal))
            return OAuthResponses.Error(OAuthErrors.InvalidTarget, $"an access token is for a service: name it with resource, not the trust domain {trustDomain.Name}");
        if (request.Form.ContainsKey(OAuthConstants.Parameters.ActorToken))
            return OAuthResponses.Error(OAuthErrors.InvalidRequest, "actor_token is not used here: the authenticated client acts for the transaction's subject");

        var check = await PresentedTxnTokens.ValidateAsync(request.Form.Single(OAuthConstants.Parameters.SubjectToken) ?? string.Empty, request.Bundles, request.Issuer, request.Time.GetUtcNow());
        if (!check.IsValid)
            return OAuthResponses.Error(OAuthErrors.InvalidRequest, $"subject_token is not a valid transaction token of this trust domain: {check.Detail}");
        var presented = check.Value;
        var record = await request.Grains.Reference<ITransactionGrain>(GrainKeys.Transaction(presented.Txn)).GetAsync(TransactionRecord.From(PresentedTxnTokens.ToGrain(presented)));
        if (!TransactionTransitions.IsLive(record.State))
            return OAuthResponses.Error(OAuthErrors.InvalidRequest, $"transaction {presented.Txn} is {record.State.ToString().ToLowerInvariant()}{(record.RevocationReason is { } why ? $" ({why})" : string.Empty)}");
        var standing = await TransactionStanding.CheckAsync(request.Grains, presented, trustDomain, request.Http.RequestServices.GetService<RevocationCache>());
        if (standing.InactiveReason is not null)
            return OAuthResponses.Error(OAuthErrors.InvalidRequest, $"subject_token is no longer valid: {standing.InactiveReason}");

        // RFC 8693 §4.4: who the subject's own policy lets act for it, when the subject is an agent of this trust domain.
        IReadOnlyList<string> permittedActors = SpiffeId.TryParse(presented.Subject, out var subjectAgent) && subjectAgent.IsMemberOf(trustDomain)
            ? await request.Grains.Reference<IAgentGrain>(GrainKeys.Agent(subjectAgent)).GetPermittedActorsAsync()
            : [];
        var outcome = await request.Grains.Reference<IAgentGrain>(GrainKeys.Agent(read.Agent)).ExchangeTokenAsync(new TokenExchangeGrant(
            request.Issuer.Url, $"txn:{presented.Txn}", presented.Subject, presented.RequestingWorkload, [.. standing.Narrow(presented.Scope)], [],
            presented.ExpiresAt, [.. read.Scopes], read.Resources, read.Client.CnfX5tS256, read.Client.Method, request.CorrelationId,
            Impersonation: false, SubjectMayAct: null, permittedActors));
        return TokenResponse.For(outcome, request.Time, OAuthConstants.TokenTypes.AccessToken);
    }
}
