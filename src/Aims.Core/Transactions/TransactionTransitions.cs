using Aims.Core.StateMachines;

namespace Aims.Core.Transactions;

/// <summary>Every legal move of <see cref="TransactionState"/>; anything else throws <see cref="InvalidTransitionException"/>.</summary>
public static class TransactionTransitions
{
    /// <summary>A <c>txn</c> starts once: a second start under the same id is a bug, not a replacement.</summary>
    public static TransactionState Start(TransactionState from) =>
        from == TransactionState.None ? TransactionState.Active : throw Illegal(from, "start");

    public static TransactionState Revoke(TransactionState from) =>
        from == TransactionState.Active ? TransactionState.Revoked : throw Illegal(from, "revoke");

    public static TransactionState Expire(TransactionState from) =>
        from == TransactionState.Active ? TransactionState.Expired : throw Illegal(from, "expire");

    public static bool IsLive(TransactionState state) => state == TransactionState.Active;

    /// <summary>The state at <paramref name="now"/>: an active transaction past its end has expired (a pure predicate of time).</summary>
    public static TransactionState At(TransactionState state, DateTimeOffset expiresAt, DateTimeOffset now) =>
        IsLive(state) && now >= expiresAt ? Expire(state) : state;

    private static InvalidTransitionException Illegal(TransactionState from, string action) => new("transaction", from.ToString(), action);
}
