using System.Globalization;

namespace Aims.Bench.Workload;

/// <summary>
/// <c>workload</c>: SVIDs served through the node agent's Workload API, and the rotation storm. Each round times the raw
/// crypto at the callers' parallelism and four phases (X509 and JWT, from the agent's cache and freshly issued), the
/// crypto first in even rounds and last in odd ones. Then the 100,000-workload storm is modelled with the renewal
/// schedule the agent uses, and a scaled-down storm is run through the agent and the silo for real.
/// </summary>
internal sealed class WorkloadBenchmark(WorkloadFixture fixture, WorkloadEndpoint endpoint, FetchLoad load, TextWriter progress)
{
    private const string CachedAudience = "https://api.bench.example";
    private const int StormTtlSeconds = 60;
    private const int ModelGenerations = 3;
    private string _cachedId = string.Empty;

    public static async Task<WorkloadReport> RunAsync(BenchOptions options, TextWriter progress)
    {
        progress.WriteLine($"model: {options.Workloads:N0} workloads, {WorkloadFixture.X509TtlSeconds} s X509-SVIDs, {ModelGenerations} generations");
        var model = RenewalModel.Run(options.Workloads, TimeSpan.FromSeconds(WorkloadFixture.X509TtlSeconds), ModelGenerations);

        await using var fixture = await WorkloadFixture.StartAsync(progress);
        using var endpoint = new WorkloadEndpoint(fixture.SocketPath);
        var load = new FetchLoad(options.Connections, fixture.AgentCpu, fixture.SiloCpu);
        var benchmark = new WorkloadBenchmark(fixture, endpoint, load, progress);
        await benchmark.PrepareAsync();

        var cryptoTime = TimeSpan.FromSeconds(options.SecondsGiven ? options.Seconds : 1.5);
        // Full-size warm-up: the agent and the silo are fresh processes, and a short one leaves round 1 at half speed (tiering).
        progress.WriteLine("warm-up round (not counted)");
        await benchmark.RoundAsync(0, options.Fetches, options.Entries, TimeSpan.FromSeconds(0.3), forward: true);
        var rounds = new List<WorkloadRound>(options.Rounds);
        for (var round = 1; round <= options.Rounds; round++)
        {
            progress.WriteLine($"round {round}/{options.Rounds}");
            rounds.Add(await benchmark.RoundAsync(round, options.Fetches, options.Entries, cryptoTime, forward: round % 2 == 1));
        }

        var storm = await RotationStorm.RunAsync(fixture, endpoint, options.StormEntries, StormTtlSeconds, progress);
        return WorkloadReport.Create(options, fixture.SiloCpu.ProcessId, fixture.AgentCpu.ProcessId, rounds, model, storm);
    }

    /// <summary>One entry for the cached phases, and its X509-SVID and JWT-SVID fetched once.</summary>
    private async Task PrepareAsync()
    {
        var cached = await fixture.CreateEntriesAsync("cached", 1);
        _cachedId = cached[0].SpiffeId;
        var first = await endpoint.FetchX509OnceAsync();
        if (first.Svids.Count != 1)
            throw new InvalidOperationException($"expected one X509-SVID for this process, got {first.Svids.Count}\n{fixture.Describe()}");
        await endpoint.FetchJwtAsync(_cachedId, CachedAudience);
        progress.WriteLine($"this process is {WorkloadFixture.ThisProcessSelector}; {_cachedId} served");
    }

    private async Task<WorkloadRound> RoundAsync(int round, int fetches, int entries, TimeSpan cryptoTime, bool forward)
    {
        RawCryptoSample raw = null!;
        var phases = new Dictionary<string, WorkloadSample>(StringComparer.Ordinal);
        var steps = new List<Func<Task>>
        {
            () =>
            {
                raw = RawCrypto.Measure(load.Callers, cryptoTime / 3);
                return Task.CompletedTask;
            },
            async () => phases[WorkloadPhases.X509Cached] = await PhaseAsync(WorkloadPhases.X509Cached, fetches, async _ => (await endpoint.FetchX509OnceAsync()).Svids.Count),
            async () => phases[WorkloadPhases.JwtCached] = await PhaseAsync(WorkloadPhases.JwtCached, fetches, async _ => (await endpoint.FetchJwtAsync(_cachedId, CachedAudience)).Svids.Count),
            async () =>
            {
                var fresh = await fixture.CreateEntriesAsync($"r{round}-{Guid.NewGuid():N}"[..12], entries);
                var x509 = await PhaseAsync(WorkloadPhases.X509Fresh, load.Callers, async _ =>
                {
                    var served = (await endpoint.FetchX509OnceAsync()).Svids.Count;
                    return served == entries + 1 ? 0 : throw new InvalidOperationException($"expected {entries + 1} X509-SVIDs, got {served}");
                });
                phases[WorkloadPhases.X509Fresh] = x509.Failures == 0 ? x509 with { Operations = entries } : x509 with { Operations = 0 };
                phases[WorkloadPhases.JwtFresh] = await PhaseAsync(WorkloadPhases.JwtFresh, 2 * entries, async i =>
                    (await endpoint.FetchJwtAsync(fresh[i % entries].SpiffeId, $"https://fresh.bench.example/{round}/{i}")).Svids.Count);
                await fixture.DeleteEntriesAsync(fresh);
            },
        };
        if (!forward)
            steps.Reverse();
        foreach (var step in steps)
            await step();

        progress.WriteLine(
            $"  sign {raw.Sign.PerCpuSecond:0}/cpu-s, verify {raw.Verify.PerCpuSecond:0}/cpu-s, keygen {raw.KeyGeneration.PerCpuSecond:0}/cpu-s; " +
            string.Join(", ", WorkloadPhases.All.Select(p => $"{p} {phases[p].PerWallSecond:0}/s ({phases[p].PerCpuSecond:0}/cpu-s)")));
        return new WorkloadRound(raw, phases);
    }

    private async Task<WorkloadSample> PhaseAsync(string phase, int calls, Func<int, Task<int>> call)
    {
        var sample = await load.RunAsync(calls, call);
        if (sample.Failures > 0)
            progress.WriteLine($"  {phase}: {sample.Failures.ToString(CultureInfo.InvariantCulture)} of {calls} calls failed; first: {load.FirstFailure}\n{fixture.Describe()}");
        return sample;
    }
}
