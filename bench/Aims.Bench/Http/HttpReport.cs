using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Aims.Bench.Http;

/// <summary>Medians over the rounds of every phase and every ratio, ready to print as a table or JSON.</summary>
internal sealed record HttpReport(
    [property: JsonPropertyName("environment")] BenchEnvironment Environment,
    [property: JsonPropertyName("suite")] string Suite,
    [property: JsonPropertyName("loadGenerator")] string LoadGenerator,
    [property: JsonPropertyName("connections")] int Connections,
    [property: JsonPropertyName("agents")] int Agents,
    [property: JsonPropertyName("grantsPerRound")] int GrantsPerRound,
    [property: JsonPropertyName("rounds")] int Rounds,
    [property: JsonPropertyName("siloPid")] int SiloPid,
    [property: JsonPropertyName("phases")] IReadOnlyList<HttpPhaseResult> Phases,
    [property: JsonPropertyName("comparisons")] IReadOnlyList<ComparisonResult> Comparisons)
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    /// <summary>True when no comparison with a target is below it and no request failed.</summary>
    [JsonPropertyName("allPass")]
    public bool AllPass => Comparisons.All(c => c.Verdict != Verdicts.Below) && Phases.All(p => p.Failures == 0);

    public static HttpReport Create(BenchOptions options, int siloPid, IReadOnlyList<HttpRound> rounds)
    {
        var phases = HttpPhases.All.Select(name =>
        {
            var samples = rounds.Select(r => r.Phase(name)).ToList();
            return new HttpPhaseResult(
                name,
                Round(Median(samples.Select(s => s.PerCpuSecond))),
                Round(Median(samples.Select(s => s.PerWallSecond))),
                Round(samples.Min(s => s.PerWallSecond)),
                Round(samples.Max(s => s.PerWallSecond)),
                Math.Round(Median(samples.Select(s => s.CpuSeconds / s.WallSeconds)), 2),
                Math.Round(Median(samples.Select(s => s.GeneratorCpuSeconds / s.WallSeconds)), 2),
                samples.Sum(s => s.Failures));
        }).ToList();

        var comparisons = HttpComparison.All.Select(c =>
        {
            var ratios = rounds.Select(c.Ratio).ToList();
            var ratio = Median(ratios);
            var verdict = c.Target is not { } target ? Verdicts.Info : ratio >= target ? Verdicts.Pass : Verdicts.Below;
            return new ComparisonResult(
                $"{c.Phase} ({c.Clock})", c.BoundName, Round(Median(rounds.Select(r => r.Bound(c.Verifies, c.Signs, c.Cpu)))),
                Math.Round(ratio, 3), Math.Round(ratios.Min(), 3), Math.Round(ratios.Max(), 3), c.Target, verdict);
        }).ToList();

        return new HttpReport(BenchEnvironment.Current(), "http", Http.LoadGenerator.Name, options.Connections, options.Agents, options.Grants,
            rounds.Count, siloPid, phases, comparisons);
    }

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public void WriteTable(TextWriter output)
    {
        output.WriteLine($"Aims.Bench http: {Rounds} rounds of {GrantsPerRound} requests per grant type; {Agents} agents; silo: a Local-profile process (pid {SiloPid}, SQLite)");
        output.WriteLine($"load generator: {LoadGenerator}, {Connections} connections to 127.0.0.1; raw crypto: {Connections} threads in this process");
        output.WriteLine($"{Environment.Framework}, {Environment.Os}, {Environment.ProcessorCount} cores, {Environment.OpenSsl}");
        output.WriteLine();
        output.WriteLine($"{"phase",-26} {"per CPU-s",10} {"per s",9} {"per s min-max",15} {"CPU/wall",8} {"gen CPU",8} {"failed",6}");
        foreach (var p in Phases)
        {
            output.WriteLine($"{p.Name,-26} {N(p.PerCpuSecond),10} {N(p.PerSecond),9} {N(p.MinPerSecond) + "-" + N(p.MaxPerSecond),15} " +
                $"{p.CpuPerWall,8:0.00} {p.GeneratorCpuPerWall,8:0.00} {p.Failures,6}");
        }

        output.WriteLine();
        output.WriteLine("per CPU-s: requests per CPU second of the silo process (raw crypto: per CPU second of this process)");
        output.WriteLine("gen CPU: CPU seconds of the load generator (this process) per elapsed second, excluded from every ratio");
        output.WriteLine();
        output.WriteLine($"{"grant (clock)",-32} {"vs bound",-16} {"bound/s",9} {"ratio",6} {"min-max",11} {"target",7} verdict");
        foreach (var c in Comparisons)
        {
            var target = c.Target is { } t ? ">=" + t.ToString("0.00", CultureInfo.InvariantCulture) : "-";
            output.WriteLine($"{c.Op,-32} {c.Bound,-16} {N(c.BoundOpsPerSecond),9} {c.Ratio,6:0.000} {$"{c.MinRatio:0.00}-{c.MaxRatio:0.00}",11} {target,7} {c.Verdict}");
        }

        output.WriteLine();
        output.WriteLine(AllPass ? "verdict: every ratio with a target meets it" : "verdict: BELOW target or failed requests; see bench/README.md");
    }

    private static string N(double value) => value.ToString("#,0", CultureInfo.InvariantCulture);

    private static double Round(double value) => Math.Round(value, 0, MidpointRounding.AwayFromZero);

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
