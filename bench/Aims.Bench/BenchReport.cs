using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Aims.Bench;

/// <summary>Medians over the rounds of every operation and every comparison, ready to print as a table or JSON.</summary>
internal sealed record BenchReport(
    [property: JsonPropertyName("environment")] BenchEnvironment Environment,
    [property: JsonPropertyName("suite")] string Suite,
    [property: JsonPropertyName("clock")] string Clock,
    [property: JsonPropertyName("secondsPerOperation")] double SecondsPerOperation,
    [property: JsonPropertyName("rounds")] int Rounds,
    [property: JsonPropertyName("operations")] IReadOnlyList<OperationResult> Operations,
    [property: JsonPropertyName("comparisons")] IReadOnlyList<ComparisonResult> Comparisons)
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>True when no comparison with a target is below it.</summary>
    [JsonPropertyName("allPass")]
    public bool AllPass => Comparisons.All(c => c.Verdict != Verdicts.Below);

    public static BenchReport Create(BenchOptions options, IReadOnlyList<IReadOnlyDictionary<string, Sample>> rounds, IEnumerable<Comparison> comparisons)
    {
        var clock = options.Clock;
        var names = rounds[0].Keys.ToList();
        var operations = names.Select(name =>
        {
            var samples = rounds.Select(r => r[name]).ToList();
            var opsPerSecond = Median(samples.Select(s => s.OpsPerSecond(clock)));
            return new OperationResult(name, Round(opsPerSecond, 0), Round(1e6 / opsPerSecond, 2),
                Round(samples.Min(s => s.OpsPerSecond(clock)), 0), Round(samples.Max(s => s.OpsPerSecond(clock)), 0),
                Round(Median(samples.Select(s => s.OpsPerSecond(BenchClock.Wall))), 0),
                Round(Median(samples.Select(s => s.BytesPerOp)), 0));
        }).ToList();

        var results = comparisons.Select(c =>
        {
            var perRound = rounds.Select(r =>
            {
                var opsPerSecond = r.ToDictionary(kv => kv.Key, kv => kv.Value.OpsPerSecond(clock), StringComparer.Ordinal);
                var bound = c.Bound(opsPerSecond);
                return (Bound: bound, Ratio: opsPerSecond[c.Op] / bound);
            }).ToList();
            var ratio = Median(perRound.Select(p => p.Ratio));
            var verdict = c.Target is not { } target ? Verdicts.Info : ratio >= target ? Verdicts.Pass : Verdicts.Below;
            return new ComparisonResult(c.Op, c.BoundName, Round(Median(perRound.Select(p => p.Bound)), 0), Round(ratio, 3),
                Round(perRound.Min(p => p.Ratio), 3), Round(perRound.Max(p => p.Ratio), 3), c.Target, verdict);
        }).ToList();

        return new BenchReport(BenchEnvironment.Current(), options.Suite.ToString().ToLowerInvariant(), clock.ToString().ToLowerInvariant(),
            options.Seconds, options.Rounds, operations, results);
    }

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public void WriteTable(TextWriter output)
    {
        var per = Clock == "cpu" ? "per CPU second" : "per elapsed second";
        output.WriteLine($"Aims.Bench {Suite}: {Rounds} interleaved rounds, {SecondsPerOperation.ToString("0.##", CultureInfo.InvariantCulture)} s per operation, one call at a time; ops/s {per}");
        output.WriteLine($"{Environment.Framework}, {Environment.Os}, {Environment.ProcessorCount} cores, {Environment.OpenSsl}");
        output.WriteLine();
        output.WriteLine($"{"operation",-30} {"ops/s",9} {"us/op",8} {"ops/s min-max",17} {"wall ops/s",10} {"B/op",7}");
        foreach (var op in Operations)
        {
            output.WriteLine($"{op.Name,-30} {N(op.OpsPerSecond),9} {op.MicrosecondsPerOp,8:0.0} {N(op.MinOpsPerSecond) + "-" + N(op.MaxOpsPerSecond),17} " +
                $"{N(op.WallOpsPerSecond),10} {N(op.BytesPerOp),7}");
        }

        output.WriteLine();
        output.WriteLine($"{"operation",-30} {"ops/s",9} {"vs bound",-30} {"bound/s",9} {"ratio",6} {"min-max",11} {"target",7} verdict");
        foreach (var c in Comparisons)
        {
            var ops = Operations.First(o => o.Name == c.Op).OpsPerSecond;
            var target = c.Target is { } t ? ">=" + t.ToString("0.00", CultureInfo.InvariantCulture) : "-";
            var range = $"{c.MinRatio:0.00}-{c.MaxRatio:0.00}";
            output.WriteLine($"{c.Op,-30} {N(ops),9} {c.Bound,-30} {N(c.BoundOpsPerSecond),9} {c.Ratio,6:0.000} {range,11} {target,7} {c.Verdict}");
        }

        output.WriteLine();
        output.WriteLine(AllPass ? "verdict: every ratio with a target meets it" : "verdict: BELOW target; see bench/README.md, \"When a ratio is below target\"");
    }

    private static string N(double value) => value.ToString("#,0", CultureInfo.InvariantCulture);

    private static double Round(double value, int digits) => Math.Round(value, digits, MidpointRounding.AwayFromZero);

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
