namespace Aims.Core.Transactions;

/// <summary>A transaction an agent is party to, as the agent remembers it; never a token.</summary>
/// <param name="Subject">The transaction's <c>sub</c>.</param>
/// <param name="RequestingWorkload">The workload that started it (the first of <c>req_wl</c>).</param>
/// <param name="Scope">The scope it started with, space-delimited; replacements only narrow it.</param>
public sealed record LiveTransaction(
    string Txn,
    string Subject,
    string RequestingWorkload,
    string Scope,
    DateTimeOffset IssuedAt,
    DateTimeOffset ExpiresAt)
{
    /// <summary>Live until, exclusively, its expiry: the same instant its grain calls it expired.</summary>
    public bool IsLive(DateTimeOffset now) => now < ExpiresAt;
}
