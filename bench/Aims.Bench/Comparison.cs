namespace Aims.Bench;

/// <summary>
/// One verdict of the report: <see cref="Op"/>'s throughput divided by the throughput its work is bounded by,
/// both taken from the same round. <see cref="Bound"/> returns ops/s from that round's figures.
/// </summary>
/// <param name="BoundName">How the bound is computed, e.g. <c>1/(1/sign + 1/verify)</c>.</param>
/// <param name="Target">The lowest acceptable ratio, or null for a figure that is only informative.</param>
internal sealed record Comparison(string Op, string BoundName, Func<IReadOnlyDictionary<string, double>, double> Bound, double? Target)
{
    /// <summary>Throughput of doing each operation once, one after the other: 1 / (Σ 1/ops).</summary>
    public static double Serial(IReadOnlyDictionary<string, double> round, params string[] ops)
    {
        var seconds = 0.0;
        foreach (var op in ops)
            seconds += 1 / round[op];
        return 1 / seconds;
    }
}
