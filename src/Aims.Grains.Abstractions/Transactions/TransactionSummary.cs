using Aims.Core.Transactions;

namespace Aims.Grains.Transactions;

/// <summary>A live transaction as an operator lists it (<c>GET /v1/agents/{id}/transactions</c>); never a token.</summary>
/// <param name="RequestingWorkload">The workload that started it.</param>
[GenerateSerializer, Immutable, Alias("aims.TransactionSummary")]
public sealed record TransactionSummary(
    [property: Id(0)] string Txn,
    [property: Id(1)] string Subject,
    [property: Id(2)] string RequestingWorkload,
    [property: Id(3)] string Scope,
    [property: Id(4)] DateTimeOffset IssuedAt,
    [property: Id(5)] DateTimeOffset ExpiresAt,
    [property: Id(6)] TransactionState State);
