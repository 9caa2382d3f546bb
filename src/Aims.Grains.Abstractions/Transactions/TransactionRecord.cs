using Aims.Core.Transactions;

namespace Aims.Grains.Transactions;

/// <summary>What the transaction grain knows of one transaction; never a token.</summary>
/// <param name="RequestingWorkloads">Every workload that obtained a token of it: the one that started it first.</param>
/// <param name="Scope">The scope it started with; replacements only narrow.</param>
/// <param name="ExpiresAt">The end of its longest-lived token: no replacement outlives it.</param>
/// <param name="Replacements">How many replacement tokens were issued (by this activation).</param>
[GenerateSerializer, Immutable, Alias("aims.TransactionRecord")]
public sealed record TransactionRecord(
    [property: Id(0)] string Txn,
    [property: Id(1)] string Subject,
    [property: Id(2)] string Audience,
    [property: Id(3)] string Scope,
    [property: Id(4)] IReadOnlyList<string> RequestingWorkloads,
    [property: Id(5)] DateTimeOffset IssuedAt,
    [property: Id(6)] DateTimeOffset ExpiresAt,
    [property: Id(7)] TransactionState State,
    [property: Id(8)] string? RevocationReason,
    [property: Id(9)] int Replacements)
{
    /// <summary>What a validly signed token of the transaction says of it: active, as issued.</summary>
    public static TransactionRecord From(PresentedTxnToken token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return new(token.Txn, token.Subject, token.Audience, token.Scope, token.RequestingWorkloads, token.IssuedAt, token.ExpiresAt,
            TransactionState.Active, null, 0);
    }
}
