namespace Aims.Grains.Transactions;

/// <summary>Everything the issuer needs to sign one Txn-Token; the transaction grain already decided every value.</summary>
/// <param name="NotAfter">A hard end (a replacement never outlives what it replaces), or null.</param>
[GenerateSerializer, Immutable, Alias("aims.TxnTokenMint")]
public sealed record TxnTokenMint(
    [property: Id(0)] string Issuer,
    [property: Id(1)] string Txn,
    [property: Id(2)] string Subject,
    [property: Id(3)] string Audience,
    [property: Id(4)] IReadOnlyList<string> Scopes,
    [property: Id(5)] IReadOnlyList<string> RequestingWorkloads,
    [property: Id(6)] string? TransactionContext,
    [property: Id(7)] string? RequesterContext,
    [property: Id(8)] TimeSpan Ttl,
    [property: Id(9)] DateTimeOffset? NotAfter);
