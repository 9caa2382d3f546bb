using Aims.Core.Federation;

namespace Aims.Core.Tests.Federation;

/// <summary>The sequence rule, lifecycle and refresh interval of a federated bundle (SPIFFE Federation §5.1).</summary>
public sealed class FederatedBundleRulesTests
{
    [Theory]
    [InlineData(null, 0L, BundleSequenceDecision.Newer)]
    [InlineData(3L, 4L, BundleSequenceDecision.Newer)]
    [InlineData(3L, 3L, BundleSequenceDecision.Unchanged)]
    [InlineData(3L, 2L, BundleSequenceDecision.Older)]
    public void Decide_SequenceOnlyMovesForward(long? stored, long fetched, BundleSequenceDecision expected) =>
        Assert.Equal(expected, BundleSequenceRule.Decide(stored, fetched));

    [Theory]
    [InlineData(FederatedBundleState.Unfetched, FederatedBundleState.Current)]
    [InlineData(FederatedBundleState.Current, FederatedBundleState.Current)]
    [InlineData(FederatedBundleState.Stale, FederatedBundleState.Current)]
    public void OnBundleAccepted_AnyState_BecomesCurrent(FederatedBundleState from, FederatedBundleState to) =>
        Assert.Equal(to, FederatedBundleLifecycle.OnBundleAccepted(from));

    [Theory]
    [InlineData(FederatedBundleState.Unfetched, FederatedBundleState.Unfetched)]
    [InlineData(FederatedBundleState.Current, FederatedBundleState.Stale)]
    [InlineData(FederatedBundleState.Stale, FederatedBundleState.Stale)]
    public void OnFetchFailed_KeepsTheLastGoodBundleAsStale(FederatedBundleState from, FederatedBundleState to) =>
        Assert.Equal(to, FederatedBundleLifecycle.OnFetchFailed(from));

    [Fact]
    public void Transitions_UnknownState_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => FederatedBundleLifecycle.OnBundleAccepted((FederatedBundleState)42));
        Assert.Throws<ArgumentOutOfRangeException>(() => FederatedBundleLifecycle.OnFetchFailed((FederatedBundleState)42));
    }

    [Theory]
    [InlineData(null, 30, 300)]
    [InlineData(0, 30, 300)]
    [InlineData(60, 30, 60)]
    [InlineData(2, 30, 30)]
    [InlineData(2, 1, 2)]
    [InlineData(2419200, 30, 86400)]
    public void Next_HintClampedBetweenFloorAndCeiling(int? hintSeconds, int floorSeconds, int expectedSeconds) =>
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds),
            BundleRefreshInterval.Next(hintSeconds is { } h ? TimeSpan.FromSeconds(h) : null, TimeSpan.FromSeconds(floorSeconds)));
}
