using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
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

/// <summary>Medians of one operation on the report's clock; min and max show how noisy the rounds were.</summary>
internal sealed record OperationResult(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("opsPerSecond")] double OpsPerSecond,
    [property: JsonPropertyName("microsecondsPerOp")] double MicrosecondsPerOp,
    [property: JsonPropertyName("minOpsPerSecond")] double MinOpsPerSecond,
    [property: JsonPropertyName("maxOpsPerSecond")] double MaxOpsPerSecond,
    [property: JsonPropertyName("wallOpsPerSecond")] double WallOpsPerSecond,
    [property: JsonPropertyName("bytesPerOp")] double BytesPerOp);

/// <summary>The median over rounds of (op ops/s ÷ bound ops/s), each ratio taken within one round.</summary>
internal sealed record ComparisonResult(
    [property: JsonPropertyName("op")] string Op,
    [property: JsonPropertyName("bound")] string Bound,
    [property: JsonPropertyName("boundOpsPerSecond")] double BoundOpsPerSecond,
    [property: JsonPropertyName("ratio")] double Ratio,
    [property: JsonPropertyName("minRatio")] double MinRatio,
    [property: JsonPropertyName("maxRatio")] double MaxRatio,
    [property: JsonPropertyName("target")] double? Target,
    [property: JsonPropertyName("verdict")] string Verdict);

/// <summary>What the figures were measured on.</summary>
internal sealed record BenchEnvironment(
    [property: JsonPropertyName("framework")] string Framework,
    [property: JsonPropertyName("os")] string Os,
    [property: JsonPropertyName("processorCount")] int ProcessorCount,
    [property: JsonPropertyName("openssl")] string OpenSsl)
{
    public static BenchEnvironment Current() => new(
        RuntimeInformation.FrameworkDescription,
        RuntimeInformation.OSDescription,
        System.Environment.ProcessorCount,
        CryptoLibrary());

    private static string CryptoLibrary()
    {
        if (!OperatingSystem.IsLinux())
            return "platform crypto";

        // OPENSSL_VERSION_NUMBER: 0xMNN00PP0 since OpenSSL 3.0.
        var v = SafeEvpPKeyHandle.OpenSslVersion;
        return $"OpenSSL {v >> 28}.{(v >> 20) & 0xFF}.{(v >> 4) & 0xFF}";
    }
}

/// <summary>The verdicts of a comparison.</summary>
internal static class Verdicts
{
    public const string Pass = "PASS";
    public const string Below = "BELOW";
    public const string Info = "info";
}
