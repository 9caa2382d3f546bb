using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Aims.Bench.Compromise;

/// <summary>The three figures over the runs, every run, and the checks, ready to print as a table or JSON.</summary>
internal sealed record CompromiseReport(
    [property: JsonPropertyName("environment")] BenchEnvironment Environment,
    [property: JsonPropertyName("suite")] string Suite,
    [property: JsonPropertyName("storage")] string Storage,
    [property: JsonPropertyName("tokensPerRun")] int TokensPerRun,
    [property: JsonPropertyName("samplePerSilo")] int SamplePerSilo,
    [property: JsonPropertyName("connections")] int Connections,
    [property: JsonPropertyName("signMsMedian")] double SignMsMedian,
    [property: JsonPropertyName("figures")] IReadOnlyList<CompromiseFigure> Figures,
    [property: JsonPropertyName("setsRefusedByReceiver")] int SetsRefusedByReceiver,
    [property: JsonPropertyName("runs")] IReadOnlyList<CompromiseRun> Runs)
{
    /// <summary>ARCHITECTURE.md "How a compromise travels": every silo calls the tokens inactive within this.</summary>
    public const double IntrospectionTargetP99Ms = 100;

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    /// <summary>The target met, no sampled token active after the compromise, no token for the compromised agent, every SET valid.</summary>
    [JsonPropertyName("allPass")]
    public bool AllPass => Figures.All(f => f.Verdict != CompromiseFigure.Above) && SetsRefusedByReceiver == 0
        && Runs.All(r => r.StillActiveAfter == 0 && !r.NewTokenAfter.StartsWith("issued", StringComparison.Ordinal));

    public static CompromiseReport Create(BenchOptions options, string storage, int setsRefused, IReadOnlyList<CompromiseRun> runs) => new(
        BenchEnvironment.Current(), "compromise", storage, options.Tokens, options.Sample, options.Connections,
        Math.Round(CompromiseFigure.Percentile(runs.Select(r => r.SignMs), 50), 4),
        [
            CompromiseFigure.Of("(a) compromise answered", runs, r => r.AnsweredMs, null),
            CompromiseFigure.Of("(b) inactive on every silo", runs, r => r.IntrospectionMs, IntrospectionTargetP99Ms),
            CompromiseFigure.Of("(c) SET at the receiver", runs, r => r.SetMs, null),
        ],
        setsRefused,
        runs);

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public void WriteTable(TextWriter output)
    {
        output.WriteLine($"Aims.Bench compromise: {Runs.Count} runs, each a fresh agent with {TokensPerRun:#,0} access tokens issued through three Azure-profile silos");
        output.WriteLine($"storage: {Storage}; introspection: {SamplePerSilo} random tokens per silo, each polled with one request in flight");
        output.WriteLine($"{Environment.Framework}, {Environment.Os}, {Environment.ProcessorCount} cores, {Environment.OpenSsl}");
        output.WriteLine($"one raw ES256 signature (one thread, this process, median of the runs): {SignMsMedian * 1000:0.0} us");
        output.WriteLine();
        output.WriteLine($"{"from just before POST .../compromise to",-30} {"p50 ms",8} {"p99 ms",8} {"p50 sig",8} {"p99 sig",8} {"target",9} verdict");
        foreach (var f in Figures)
        {
            var target = f.TargetP99Ms is { } t ? "p99<" + t.ToString("0", CultureInfo.InvariantCulture) : "-";
            output.WriteLine($"{f.Name,-30} {f.P50Ms,8:0.0} {f.P99Ms,8:0.0} {f.P50Signatures,8:#,0} {f.P99Signatures,8:#,0} {target,9} {f.Verdict}");
        }

        output.WriteLine();
        output.WriteLine("sig: the time as a number of raw ES256 signatures measured right before that run; p99 is nearest rank (the worst run when there are fewer than 100)");
        output.WriteLine();
        output.WriteLine($"{"run",3} {"issue s",8} {"token grains added/silo",24} {"via",5} {"(a) ms",8} {"(b) ms",8} {"(b) per silo ms",22} {"(c) ms",8} {"polls",6} {"active after",12} new token after");
        foreach (var r in Runs)
        {
            output.WriteLine($"{r.Run,3} {r.IssueSeconds,8:0.0} {string.Join('/', r.TokenGrainsAddedPerSilo),24} {"s" + r.CompromisedThroughSilo,5} {r.AnsweredMs,8:0.0} {r.IntrospectionMs,8:0.0} " +
                $"{string.Join('/', r.IntrospectionMsPerSilo.Select(m => m.ToString("0.0", CultureInfo.InvariantCulture))),22} {r.SetMs,8:0.0} {r.IntrospectionPolls,6} {r.StillActiveAfter,12} {r.NewTokenAfter}");
        }

        output.WriteLine();
        output.WriteLine(AllPass
            ? "verdict: every sampled token inactive on every silo within the target; nothing revoked came back; no token for the compromised agent"
            : "verdict: ABOVE target, a token active after the compromise, a token issued to the compromised agent, or a refused SET; see bench/README.md");
    }
}
