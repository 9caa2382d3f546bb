namespace Aims.Core.Transactions;

/// <summary>
/// One transaction (ARCHITECTURE.md TransactionGrain): None (no transaction under this <c>txn</c> yet) → Active (its
/// tokens are issued and replaced) → Revoked | Expired. Revoked and Expired are final.
/// </summary>
public enum TransactionState
{
    None = 0,
    Active = 1,
    Revoked = 2,
    Expired = 3,
}
