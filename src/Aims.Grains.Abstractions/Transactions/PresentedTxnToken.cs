namespace Aims.Grains.Transactions;

/// <summary>What a validly signed Txn-Token says of itself; the front end verified it, never the grain.</summary>
/// <param name="RequestingWorkloads">The <c>req_wl</c> call chain, oldest first.</param>
/// <param name="TransactionContext">The <c>tctx</c> object as JSON, or null.</param>
/// <param name="RequesterContext">The <c>rctx</c> object as JSON, or null.</param>
[GenerateSerializer, Immutable, Alias("aims.PresentedTxnToken")]
public sealed record PresentedTxnToken(
    [property: Id(0)] string Issuer,
    [property: Id(1)] string Txn,
    [property: Id(2)] string Subject,
    [property: Id(3)] string Audience,
    [property: Id(4)] string Scope,
    [property: Id(5)] IReadOnlyList<string> RequestingWorkloads,
    [property: Id(6)] string? TransactionContext,
    [property: Id(7)] string? RequesterContext,
    [property: Id(8)] DateTimeOffset IssuedAt,
    [property: Id(9)] DateTimeOffset ExpiresAt);
