using System.Text.Json.Serialization;

namespace Aims.Bench.Workload;

/// <summary>
/// How a set of events (renewals) falls over time in one-second buckets: the busiest second, the mean over the
/// seconds from the first event to the last, their ratio, and a coarse histogram of that span.
/// </summary>
internal sealed record LoadProfile(
    [property: JsonPropertyName("events")] int Events,
    [property: JsonPropertyName("firstSecond")] double FirstSecond,
    [property: JsonPropertyName("spanSeconds")] double SpanSeconds,
    [property: JsonPropertyName("peakPerSecond")] int PeakPerSecond,
    [property: JsonPropertyName("meanPerSecond")] double MeanPerSecond,
    [property: JsonPropertyName("peakOverMean")] double PeakOverMean,
    [property: JsonPropertyName("histogram")] IReadOnlyList<int> Histogram)
{
    public const int HistogramBins = 12;

    /// <param name="seconds">When each event happened, in seconds from any origin.</param>
    public static LoadProfile Of(IReadOnlyCollection<double> seconds)
    {
        if (seconds.Count == 0)
            return new LoadProfile(0, 0, 0, 0, 0, 0, []);

        var first = Math.Floor(seconds.Min());
        var last = Math.Floor(seconds.Max());
        var buckets = new int[(int)(last - first) + 1];
        foreach (var s in seconds)
            buckets[(int)(Math.Floor(s) - first)]++;

        var peak = buckets.Max();
        var mean = (double)seconds.Count / buckets.Length;
        var histogram = new int[Math.Min(HistogramBins, buckets.Length)];
        for (var b = 0; b < buckets.Length; b++)
            histogram[b * histogram.Length / buckets.Length] += buckets[b];

        return new LoadProfile(seconds.Count, first, buckets.Length, peak, Math.Round(mean, 1), Math.Round(peak / mean, 2), histogram);
    }

    /// <summary>The histogram as text: events per bin, each bin spanning <c>span / bins</c> seconds.</summary>
    public string HistogramText() => string.Join(' ', Histogram);
}
