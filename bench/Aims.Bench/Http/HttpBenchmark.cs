namespace Aims.Bench.Http;

/// <summary>
/// <c>http</c>: the token endpoint as agents use it. Each round mints fresh JWT-SVIDs (untimed: each client assertion
/// is single-use), then times the raw ES256 bound at the load generator's parallelism, <c>client_credentials</c>
/// grants, RFC 8693 exchanges and transaction tokens, in an order that alternates between rounds so a burst of load
/// from another process falls on the bound and on the grants alike.
/// </summary>
internal sealed class HttpBenchmark(HttpFixture fixture, LoadGenerator load, TextWriter progress)
{
    public static async Task<HttpReport> RunAsync(BenchOptions options, TextWriter progress)
    {
        await using var fixture = await HttpFixture.StartAsync(options.Agents, progress);
        using var load = new LoadGenerator(fixture.TokenEndpoint, options.Connections);
        var benchmark = new HttpBenchmark(fixture, load, progress);
        var cryptoTime = TimeSpan.FromSeconds(options.SecondsGiven ? options.Seconds : 2);

        // A whole round's worth of warm-up: with a quarter of one, tier-1 compilation of Kestrel, Orleans and our code
        // was still running through the first measured round (bench/README.md, "What the figures say").
        progress.WriteLine("warm-up round (not counted)");
        await benchmark.RoundAsync(Math.Max(options.Agents, options.Grants), TimeSpan.FromSeconds(0.5), forward: true);
        var rounds = new List<HttpRound>(options.Rounds);
        for (var round = 0; round < options.Rounds; round++)
        {
            progress.WriteLine($"round {round + 1}/{options.Rounds}");
            rounds.Add(await benchmark.RoundAsync(options.Grants, cryptoTime, forward: round % 2 == 0));
        }

        return HttpReport.Create(options, fixture.SiloCpu.ProcessId, rounds);
    }

    private async Task<HttpRound> RoundAsync(int grants, TimeSpan cryptoTime, bool forward)
    {
        var agents = fixture.Agents.Count;
        var perAgent = (grants + agents - 1) / agents;
        var minted = await fixture.MintAssertionsAsync(3 * perAgent);

        // Interleaved across agents, so that consecutive requests go to different agent grains.
        var clientCredentials = new List<byte[]>(perAgent * agents);
        var exchanges = new List<byte[]>(perAgent * agents);
        var transactions = new List<byte[]>(perAgent * agents);
        for (var j = 0; j < perAgent; j++)
        {
            for (var a = 0; a < agents; a++)
            {
                clientCredentials.Add(HttpFixture.ClientCredentialsForm(minted[a][j]));
                exchanges.Add(HttpFixture.ExchangeForm(minted[a][perAgent + j], fixture.SubjectTokens[(a + agents - 1) % agents]));
                transactions.Add(HttpFixture.TxnTokenForm(minted[a][(2 * perAgent) + j], fixture.SubjectTokens[(a + agents - 1) % agents]));
            }
        }

        PhaseSample sign = null!, verify = null!, cc = null!, exchange = null!, txn = null!;
        var steps = new List<Func<Task>>
        {
            () =>
            {
                (sign, verify) = CryptoBound.Measure(load.Connections, cryptoTime / 2);
                return Task.CompletedTask;
            },
            async () => cc = await RequestsAsync(HttpPhases.ClientCredentials, clientCredentials),
            async () => exchange = await RequestsAsync(HttpPhases.Exchange, exchanges),
            async () => txn = await RequestsAsync(HttpPhases.TxnToken, transactions),
        };
        if (!forward)
            steps.Reverse();
        foreach (var step in steps)
            await step();

        progress.WriteLine(
            $"  sign {sign.PerCpuSecond:0}/cpu-s, verify {verify.PerCpuSecond:0}/cpu-s; client_credentials {cc.PerWallSecond:0}/s " +
            $"({cc.PerCpuSecond:0}/silo-cpu-s), exchange {exchange.PerWallSecond:0}/s ({exchange.PerCpuSecond:0}/silo-cpu-s), " +
            $"txn-token {txn.PerWallSecond:0}/s ({txn.PerCpuSecond:0}/silo-cpu-s)");
        return new HttpRound(sign, verify, cc, exchange, txn);
    }

    private async Task<PhaseSample> RequestsAsync(string phase, List<byte[]> bodies)
    {
        progress.WriteLine($"  {phase}: {bodies.Count} requests");
        GC.Collect();
        var silo = fixture.SiloCpu.Read();
        var generator = Environment.CpuUsage.TotalTime;
        var result = await load.RunAsync(bodies);
        var siloCpu = (fixture.SiloCpu.Read() - silo).TotalSeconds;
        var generatorCpu = (Environment.CpuUsage.TotalTime - generator).TotalSeconds;
        if (result.Failed > 0)
            progress.WriteLine($"  {phase}: {result.Failed} of {bodies.Count} requests failed; first: {result.FirstFailure}\n{fixture.Describe()}");
        return new PhaseSample(result.Succeeded, result.Failed, result.Elapsed.TotalSeconds, siloCpu, generatorCpu);
    }
}
