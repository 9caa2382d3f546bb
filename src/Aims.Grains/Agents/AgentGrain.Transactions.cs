using Aims.Core.Agents;
using Aims.Core.OAuth;
using Aims.Core.Policy;
using Aims.Core.Transactions;
using Aims.Grains.Transactions;

namespace Aims.Grains.Agents;

/// <summary>
/// Transaction tokens (draft-ietf-oauth-transaction-tokens): as a requesting workload the agent's policy decides
/// whether it may obtain them (<c>oauth.transactions</c>); as a party to a transaction (its subject or a workload of its
/// call chain) the agent lists it, and revokes it when the agent is compromised, suspended or terminated.
/// </summary>
public sealed partial class AgentGrain
{
    private const string TransactionAction = "transaction.authorize";

    /// <summary>
    /// The transactions the agent is party to, in memory like its access tokens: the operator's view and what a
    /// revocation reaches at once. A transaction it forgot is still refused everywhere by the agent's durable
    /// revocation moment, which every check of a transaction token reads.
    /// </summary>
    private readonly LiveTransactionSet _liveTransactions = new();

    public async Task<TransactionAuthorizationResult> AuthorizeTransactionAsync(TransactionAuthorization request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!S.Registered)
            return TransactionAuthorizationResult.Refused(OAuthErrors.UnauthorizedClient, $"client {Id} is not a registered agent");
        if (!AgentTransitions.CanReceiveTokens(S.State))
            return await RefuseAsync($"agent {Id} is {S.State.ToString().ToLowerInvariant()}; only an active agent obtains transaction tokens");

        var (document, _) = await LoadPolicyAsync();
        if (document is null)
            return await RefuseAsync($"policy '{S.Policy}' does not exist");

        var decision = PolicyEvaluator.EvaluateTransaction(document, new TransactionPolicyRequest(Id, request.SubjectAudiences));
        return decision.Allowed
            ? new TransactionAuthorizationResult(true, decision.Ttl, null, null)
            : await RefuseAsync(decision.Reason);

        // unauthorized_client (RFC 6749 §5.2): the request and subject token are fine; this client may not do this with them.
        async Task<TransactionAuthorizationResult> RefuseAsync(string description)
        {
            await AuditAsync(TransactionAction, "Denied", request.CorrelationId, Id.ToString(), resource: $"transaction:{request.Txn}",
                detail: $"{request.Detail}: {description}");
            return TransactionAuthorizationResult.Refused(OAuthErrors.UnauthorizedClient, description);
        }
    }

    public Task TrackTransactionAsync(TransactionSummary transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        _liveTransactions.Add(new LiveTransaction(transaction.Txn, transaction.Subject, transaction.RequestingWorkload, transaction.Scope,
            transaction.IssuedAt, transaction.ExpiresAt), time.GetUtcNow());
        return Task.CompletedTask;
    }

    public async Task<IReadOnlyList<TransactionSummary>> GetTransactionsAsync()
    {
        var live = _liveTransactions.Snapshot(time.GetUtcNow());
        var records = await Task.WhenAll(live.Select(t => Transaction(t.Txn).GetAsync(Known(t))));
        var summaries = new List<TransactionSummary>(live.Count);
        for (var i = 0; i < live.Count; i++)
        {
            // The transaction grain is authoritative: one it reports revoked or expired is no longer live.
            if (!TransactionTransitions.IsLive(records[i].State))
            {
                _liveTransactions.Remove(live[i].Txn);
                continue;
            }

            summaries.Add(new TransactionSummary(live[i].Txn, live[i].Subject, live[i].RequestingWorkload, records[i].Scope,
                live[i].IssuedAt, live[i].ExpiresAt, records[i].State));
        }

        return summaries;
    }

    /// <summary>Revokes, each durably, every live transaction the agent is party to; returns how many.</summary>
    private async Task<int> RevokeTransactionsAsync(string reason, string correlationId)
    {
        var live = _liveTransactions.Snapshot(time.GetUtcNow());
        await Task.WhenAll(live.Select(t => Transaction(t.Txn).RevokeAsync(Known(t), $"{Id} revoked: {reason}", correlationId)));
        foreach (var transaction in live)
            _liveTransactions.Remove(transaction.Txn);
        return live.Count;
    }

    private int LiveTransactionCount() => _liveTransactions.Count(time.GetUtcNow());

    private ITransactionGrain Transaction(string txn) => GrainFactory.Reference<ITransactionGrain>(GrainKeys.Transaction(txn));

    private TransactionRecord Known(LiveTransaction transaction) => new(
        transaction.Txn, transaction.Subject, Id.TrustDomain.Name, transaction.Scope, [transaction.RequestingWorkload],
        transaction.IssuedAt, transaction.ExpiresAt, TransactionState.Active, null, 0);
}
