namespace Aims.Core.Transactions;

/// <summary>
/// The unexpired transactions one agent is party to, by <c>txn</c>: the operator's view and the list a compromise
/// revokes. Kept in memory and pruned as transactions expire; the durable truth is the agent's revocation moment,
/// which every check of a transaction token also reads. At most <see cref="MaxTracked"/>: past that the one expiring
/// first is forgotten (still valid, no longer listed), so an agent cannot grow its grain without bound.
/// </summary>
public sealed class LiveTransactionSet
{
    public const int MaxTracked = 1024;

    private static readonly Comparer<LiveTransaction> ByExpiry = Comparer<LiveTransaction>.Create((a, b) =>
    {
        var order = a.ExpiresAt.CompareTo(b.ExpiresAt);
        return order != 0 ? order : string.CompareOrdinal(a.Txn, b.Txn);
    });

    private readonly Dictionary<string, LiveTransaction> _transactions = new(StringComparer.Ordinal);
    private readonly SortedSet<LiveTransaction> _byExpiry = new(ByExpiry);

    /// <summary>Remembers <paramref name="transaction"/> (replacing what was known of the same <c>txn</c>), unless it has expired.</summary>
    public void Add(LiveTransaction transaction, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        Prune(now);
        if (!transaction.IsLive(now))
            return;

        Remove(transaction.Txn);
        if (_transactions.Count >= MaxTracked)
            Remove(_byExpiry.Min!.Txn);

        _transactions[transaction.Txn] = transaction;
        _byExpiry.Add(transaction);
    }

    public bool Remove(string txn)
    {
        if (!_transactions.Remove(txn, out var transaction))
            return false;

        _byExpiry.Remove(transaction);
        return true;
    }

    public int Count(DateTimeOffset now)
    {
        Prune(now);
        return _transactions.Count;
    }

    /// <summary>The live transactions, soonest to expire first.</summary>
    public IReadOnlyList<LiveTransaction> Snapshot(DateTimeOffset now)
    {
        Prune(now);
        return [.. _byExpiry];
    }

    private void Prune(DateTimeOffset now)
    {
        while (_byExpiry.Min is { } first && !first.IsLive(now))
            Remove(first.Txn);
    }
}
