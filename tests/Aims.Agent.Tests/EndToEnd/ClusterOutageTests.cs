using Aims.Agent.Tests.Testing;

namespace Aims.Agent.Tests.EndToEnd;

/// <summary>
/// With the silo gone, the node agent keeps serving the SVIDs it holds until they expire; when the silo is back it
/// catches up on its own (new entries, renewals) with no restart.
/// </summary>
[Collection(WorkloadApiCollection.Name)]
public sealed class ClusterOutageTests(WorkloadApiFixture fixture)
{
    [Fact]
    public async Task SiloStopped_CachedSvidStillServed_ThenAgentRecoversWhenSiloReturns()
    {
        using var cached = WorkloadBinary.Create("outage-cached");
        var cachedId = WorkloadApiFixture.NewWorkloadId("outage-cached");
        await fixture.CreateEntryAsync(cachedId, cached.Sha256Selector);
        var before = X509Message.Parse(await FirstAsync(cached)).Svids.Single();

        await fixture.StopSiloAsync();
        var during = X509Message.Parse(await FirstAsync(cached)).Svids.Single();

        Assert.Equal(cachedId, during.SpiffeId);
        Assert.True(during.NotAfter > DateTimeOffset.UtcNow);
        Assert.Contains("The cluster is unreachable", fixture.Agent.Log, StringComparison.Ordinal);

        await fixture.RestartSiloAsync();
        using var newcomer = WorkloadBinary.Create("outage-new");
        var newcomerId = WorkloadApiFixture.NewWorkloadId("outage-new");
        await fixture.CreateEntryAsync(newcomerId, newcomer.Sha256Selector);

        var served = await EventuallyAsync(newcomer);
        Assert.Equal(newcomerId, served.SpiffeId);
        Assert.True(served.Validate().IsValid);
        await fixture.Agent.WaitForLogAsync("The cluster answers again", TimeSpan.FromSeconds(60));
        _ = before;
    }

    /// <summary>The first X509-SVID the workload gets once the agent reaches the restarted silo.</summary>
    private async Task<X509Message.Svid> EventuallyAsync(WorkloadBinary workload)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        string last = "nothing yet";
        while (clock.Elapsed < TimeSpan.FromSeconds(90))
        {
            var message = await FirstAsync(workload);
            if (message.Event() == "x509")
                return X509Message.Parse(message).Svids.Single();
            last = message.ToString();
            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        throw new TimeoutException($"the agent did not serve a new entry after the silo returned; last answer {last}\n{fixture.Describe()}");
    }

    private async Task<System.Text.Json.JsonElement> FirstAsync(WorkloadBinary workload)
    {
        await using var run = WorkloadRun.Start(workload, fixture.EndpointSocket, "x509", "--timeout", "30");
        return await run.NextAsync(TimeSpan.FromSeconds(60)) ?? throw new InvalidOperationException($"the workload ended\n{run.Output}");
    }
}
