namespace Aims.Grains.Transactions;

/// <summary>A signed Txn-Token and what the token endpoint answers about it.</summary>
[GenerateSerializer, Immutable, Alias("aims.TxnTokenIssued")]
public sealed record TxnTokenIssued(
    [property: Id(0)] string Token,
    [property: Id(1)] string Txn,
    [property: Id(2)] string Scope,
    [property: Id(3)] IReadOnlyList<string> RequestingWorkloads,
    [property: Id(4)] DateTimeOffset IssuedAt,
    [property: Id(5)] DateTimeOffset ExpiresAt,
    [property: Id(6)] string Kid);
