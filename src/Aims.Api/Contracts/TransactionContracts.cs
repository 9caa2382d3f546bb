using Aims.Core.Transactions;
using Aims.Grains.Transactions;

namespace Aims.Api.Contracts;

/// <summary>
/// One live transaction an agent is party to (<c>GET /v1/agents/{id}/transactions</c>), named like the Txn-Token
/// claims it mirrors; never a token.
/// </summary>
/// <param name="ReqWl">The workload that started the transaction.</param>
public sealed record TransactionResponse(
    string Txn,
    string Sub,
    string ReqWl,
    string Scope,
    DateTimeOffset IssuedAt,
    DateTimeOffset ExpiresAt,
    TransactionState State)
{
    public static TransactionResponse From(TransactionSummary transaction) =>
        new(transaction.Txn, transaction.Subject, transaction.RequestingWorkload, transaction.Scope, transaction.IssuedAt, transaction.ExpiresAt, transaction.State);
}

public sealed record TransactionListResponse(IReadOnlyList<TransactionResponse> Transactions);
