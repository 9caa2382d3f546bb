using System.Text.Json.Serialization;

namespace Aims.Bench.Workload;

/// <summary>
/// How a set of events (renewals) falls over time in one-second buckets: the busiest second, the mean over the
/// seconds from the first event to the last, their ratio, and a coarse histogram of that span in bins of equal width.
/// </summary>
internal sealed record LoadProfile(
    [property: JsonPropertyName("events")] int Events,
    [property: JsonPropertyName("firstSecond")] double FirstSecond,
    [property: JsonPropertyName("spanSeconds")] double SpanSeconds,
    [property: JsonPropertyName("peakPerSecond")] int PeakPerSecond,
    [property: JsonPropertyName("meanPerSecond")] double MeanPerSecond,
    [property: JsonPropertyName("peakOverMean")] double PeakOverMean,
    [property: JsonPropertyName("binSeconds")] int BinSeconds,
    [property: JsonPropertyName("histogram")] IReadOnlyList<int> Histogram)
{
    public const int HistogramBins = 12;

    /// <param name="seconds">When each event happened, in seconds from any origin.</param>
    public static LoadProfile Of(IReadOnlyCollection<double> seconds)
    {
        if (seconds.Count == 0)
            return new LoadProfile(0, 0, 0, 0, 0, 0, 0, []);

        var first = Math.Floor(seconds.Min());
        var last = Math.Floor(seconds.Max());
        var buckets = new int[(int)(last - first) + 1];
        foreach (var s in seconds)
            buckets[(int)(Math.Floor(s) - first)]++;

        var peak = buckets.Max();
        var mean = (double)seconds.Count / buckets.Length;
        var width = (buckets.Length + HistogramBins - 1) / HistogramBins;
        var histogram = new int[(buckets.Length + width - 1) / width];
        for (var b = 0; b < buckets.Length; b++)
            histogram[b / width] += buckets[b];

        return new LoadProfile(seconds.Count, first, buckets.Length, peak, Math.Round(mean, 1), Math.Round(peak / mean, 2), width, histogram);
    }

    /// <summary>The histogram as text: events per bin of <see cref="BinSeconds"/> seconds (the last may be shorter).</summary>
    public string HistogramText() => $"[{BinSeconds} s] " + string.Join(' ', Histogram);
}
