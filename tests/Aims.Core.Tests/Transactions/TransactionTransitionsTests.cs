using Aims.Core.StateMachines;
using Aims.Core.Transactions;

namespace Aims.Core.Tests.Transactions;

public sealed class TransactionTransitionsTests
{
    private static readonly DateTimeOffset Now = new(2026, 7, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Start_FromNone_IsActive() => Assert.Equal(TransactionState.Active, TransactionTransitions.Start(TransactionState.None));

    [Theory]
    [InlineData(TransactionState.Active)]
    [InlineData(TransactionState.Revoked)]
    [InlineData(TransactionState.Expired)]
    public void Start_Twice_Throws(TransactionState from) =>
        Assert.Throws<InvalidTransitionException>(() => TransactionTransitions.Start(from));

    [Fact]
    public void Revoke_Active_IsRevokedAndFinal()
    {
        var revoked = TransactionTransitions.Revoke(TransactionState.Active);

        Assert.Equal(TransactionState.Revoked, revoked);
        Assert.Throws<InvalidTransitionException>(() => TransactionTransitions.Revoke(revoked));
        Assert.Throws<InvalidTransitionException>(() => TransactionTransitions.Expire(revoked));
    }

    [Fact]
    public void At_PastTheEnd_IsExpired()
    {
        Assert.Equal(TransactionState.Active, TransactionTransitions.At(TransactionState.Active, Now.AddSeconds(1), Now));
        Assert.Equal(TransactionState.Expired, TransactionTransitions.At(TransactionState.Active, Now, Now));
        Assert.Equal(TransactionState.Revoked, TransactionTransitions.At(TransactionState.Revoked, Now, Now));
    }

    [Fact]
    public void LiveTransactionSet_ForgetsExpiredAndKeepsTheNewestKnowledge()
    {
        var set = new LiveTransactionSet();
        set.Add(new LiveTransaction("t1", "s", "w", "a b", Now, Now.AddMinutes(5)), Now);
        set.Add(new LiveTransaction("t2", "s", "w", "a", Now, Now.AddMinutes(1)), Now);
        set.Add(new LiveTransaction("t1", "s", "w", "a", Now, Now.AddMinutes(5)), Now);

        Assert.Equal(["t2", "t1"], set.Snapshot(Now).Select(t => t.Txn));
        Assert.Equal("a", set.Snapshot(Now)[1].Scope);
        Assert.Equal(1, set.Count(Now.AddMinutes(2)));
    }

    [Fact]
    public void TransactionIds_AreVersion4Uuids()
    {
        var id = TransactionIds.New();

        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", id);
        Assert.NotEqual(id, TransactionIds.New());
    }
}
