using Aims.ResourceServer.Signals;

namespace Aims.ResourceServer.Tests.Signals;

public sealed class BackoffTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 2)]
    [InlineData(3, 8)]
    [InlineData(6, 60)]
    [InlineData(1000, 60)]
    public void Ceiling_DoublesPerFailureUpToTheMaximum(int failuresBefore, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1)).Ceiling(failuresBefore));

    [Fact]
    public void Next_IsBetweenHalfAndAllOfTheCeiling_AndResetStartsOver()
    {
        var backoff = new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
        for (var i = 0; i < 10; i++)
        {
            var ceiling = backoff.Ceiling(i);
            var delay = backoff.Next();
            Assert.InRange(delay, ceiling / 2, ceiling);
        }

        backoff.Reset();

        Assert.InRange(backoff.Next(), TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1));
    }
}
