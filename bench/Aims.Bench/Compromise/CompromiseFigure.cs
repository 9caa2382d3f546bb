using System.Text.Json.Serialization;

namespace Aims.Bench.Compromise;

/// <summary>
/// One elapsed time over the runs: p50 and p99 (nearest rank) in milliseconds, and the same of the per-run ratios to
/// that run's raw ES256 signature. <paramref name="TargetP99Ms"/> null means the line informs and has no verdict.
/// </summary>
internal sealed record CompromiseFigure(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("p50Ms")] double P50Ms,
    [property: JsonPropertyName("p99Ms")] double P99Ms,
    [property: JsonPropertyName("p50Signatures")] double P50Signatures,
    [property: JsonPropertyName("p99Signatures")] double P99Signatures,
    [property: JsonPropertyName("targetP99Ms")] double? TargetP99Ms,
    [property: JsonPropertyName("verdict")] string Verdict)
{
    /// <summary>The verdict of a latency over its target (for throughputs the word is <see cref="Verdicts.Below"/>).</summary>
    public const string Above = "ABOVE";

    public static CompromiseFigure Of(string name, IReadOnlyList<CompromiseRun> runs, Func<CompromiseRun, double> ms, double? targetP99Ms)
    {
        var p99 = Percentile(runs.Select(ms), 99);
        var verdict = targetP99Ms is not { } target ? Verdicts.Info : p99 < target ? Verdicts.Pass : Above;
        return new CompromiseFigure(
            name,
            Math.Round(Percentile(runs.Select(ms), 50), 1),
            Math.Round(p99, 1),
            Math.Round(Percentile(runs.Select(r => ms(r) / r.SignMs), 50), 0),
            Math.Round(Percentile(runs.Select(r => ms(r) / r.SignMs), 99), 0),
            targetP99Ms,
            verdict);
    }

    /// <summary>Nearest rank: the smallest value with at least <paramref name="percent"/> % of the values at or below it.</summary>
    public static double Percentile(IEnumerable<double> values, int percent)
    {
        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(percent / 100.0 * sorted.Length);
        return sorted[Math.Clamp(rank, 1, sorted.Length) - 1];
    }
}
