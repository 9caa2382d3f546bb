using System.Diagnostics;
using System.Text.Json.Serialization;
using Aims.Core.Credentials;
using Spiffe.WorkloadApi;

namespace Aims.Bench.Workload;

/// <summary>
/// The rotation storm, measured at a scale two cores can carry: <c>S</c> registration entries for this process with
/// the shortest X509-SVID lifetime policy allows, all issued through one <c>FetchX509SVID</c> stream, then watched on
/// that stream until every one has been rotated once. Each rotation is timed when the workload receives it; the
/// schedule predicts it from the previous SVID's validity and the entry id, exactly as the agent computes it.
/// </summary>
internal static class RotationStorm
{
    private const double Slack = 30;

    public static async Task<StormResult> RunAsync(WorkloadFixture fixture, WorkloadEndpoint endpoint, int count, int ttlSeconds, TextWriter progress)
    {
        var entries = await fixture.CreateEntriesAsync($"storm-{Guid.NewGuid():N}"[..14], count, ttlSeconds);
        var ids = entries.ToDictionary(e => e.SpiffeId, e => e.Id, StringComparer.Ordinal);
        progress.WriteLine($"storm: {count} entries with {ttlSeconds} s X509-SVIDs registered; issuing them through one stream");

        var watch = new StormWatch(ids);
        var origin = DateTimeOffset.UtcNow;
        var agentCpu = fixture.AgentCpu.Read();
        var siloCpu = fixture.SiloCpu.Read();
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();
        var stream = Task.Run(() => endpoint.StreamX509Async(m => watch.Observe(m, DateTimeOffset.UtcNow), stop.Token));

        // Long enough for every SVID to reach the latest renewal point after the slowest first issuance.
        var deadline = TimeSpan.FromSeconds((3 * (ttlSeconds + X509SvidIssuer.Backdate.TotalSeconds)) + Slack);
        var reported = -1;
        while (watch.Renewed < count && clock.Elapsed < deadline && !stream.IsCompleted)
        {
            await Task.Delay(250);
            if (watch.Renewed / 100 != reported)
            {
                reported = watch.Renewed / 100;
                progress.WriteLine($"  {clock.Elapsed.TotalSeconds,5:0} s: {watch.Issued} issued, {watch.Renewed} rotated");
            }
        }

        var wall = clock.Elapsed.TotalSeconds;
        var agentSeconds = (fixture.AgentCpu.Read() - agentCpu).TotalSeconds;
        var siloSeconds = (fixture.SiloCpu.Read() - siloCpu).TotalSeconds;
        await stop.CancelAsync();
        await stream;
        if (watch.Renewed < count)
            progress.WriteLine($"storm: only {watch.Renewed} of {count} rotated within {deadline.TotalSeconds:0} s\n{fixture.Describe()}");

        await fixture.DeleteEntriesAsync(entries);
        return watch.Result(origin, count, ttlSeconds, wall, agentSeconds, siloSeconds);
    }

    /// <summary>What the stream showed: per SPIFFE ID the current leaf, and every change of it after the first.</summary>
    private sealed class StormWatch(IReadOnlyDictionary<string, string> ids)
    {
        private readonly Dictionary<string, (byte[] Leaf, DateTimeOffset NotBefore, DateTimeOffset NotAfter)> _current = new(StringComparer.Ordinal);
        private readonly List<Rotation> _rotations = [];
        private readonly HashSet<string> _renewed = new(StringComparer.Ordinal);
        private int _issued;
        private int _renewedCount;

        public int Issued => Volatile.Read(ref _issued);

        public int Renewed => Volatile.Read(ref _renewedCount);

        public void Observe(X509SVIDResponse message, DateTimeOffset seen)
        {
            foreach (var svid in message.Svids)
            {
                if (!ids.TryGetValue(svid.SpiffeId, out var entryId))
                    continue;
                var leaf = WorkloadEndpoint.LeafDer(svid);
                if (_current.TryGetValue(svid.SpiffeId, out var before) && leaf.Span.SequenceEqual(before.Leaf))
                    continue;

                var (_, notBefore, notAfter) = WorkloadEndpoint.Describe(leaf);
                _current[svid.SpiffeId] = (leaf.ToArray(), notBefore, notAfter);
                if (before.Leaf is null)
                {
                    Interlocked.Increment(ref _issued);
                    continue;
                }

                _rotations.Add(new Rotation(entryId, seen, before.NotBefore, before.NotAfter, notBefore));
                if (_renewed.Add(svid.SpiffeId))
                    Interlocked.Increment(ref _renewedCount);
            }
        }

        public StormResult Result(DateTimeOffset origin, int count, int ttlSeconds, double wall, double agentSeconds, double siloSeconds)
        {
            double Since(DateTimeOffset t) => (t - origin).TotalSeconds;
            var first = _rotations.GroupBy(r => r.EntryId).Select(g => g.First()).ToList();
            var issuedAt = first.Select(r => Since(r.PreviousNotBefore + X509SvidIssuer.Backdate)).ToList();
            var predicted = first.Select(r => Since(SvidRenewalSchedule.RenewAt(r.PreviousNotBefore, r.PreviousNotAfter, r.EntryId))).ToList();
            var unjittered = first.Select(r => Since(r.PreviousNotBefore + ((r.PreviousNotAfter - r.PreviousNotBefore) / 2))).ToList();
            var seen = first.Select(r => Since(r.Seen)).ToList();
            var lags = first.Select(r => (r.Seen - SvidRenewalSchedule.RenewAt(r.PreviousNotBefore, r.PreviousNotAfter, r.EntryId)).TotalSeconds).Order().ToList();
            var fractions = first.Select(r => (r.Seen - r.PreviousNotBefore) / (r.PreviousNotAfter - r.PreviousNotBefore)).ToList();
            return new StormResult(
                count, ttlSeconds, Issued, first.Count, Math.Round(wall, 1), Math.Round(agentSeconds, 2), Math.Round(siloSeconds, 2),
                LoadProfile.Of(issuedAt), LoadProfile.Of(seen), LoadProfile.Of(predicted), LoadProfile.Of(unjittered),
                lags.Count == 0 ? 0 : Math.Round(lags[lags.Count / 2], 2),
                lags.Count == 0 ? 0 : Math.Round(lags[Math.Min(lags.Count - 1, (int)Math.Ceiling(lags.Count * 0.99) - 1)], 2),
                fractions.Count == 0 ? 0 : Math.Round(fractions.Min(), 3),
                fractions.Count == 0 ? 0 : Math.Round(fractions.Max(), 3));
        }
    }

    private sealed record Rotation(string EntryId, DateTimeOffset Seen, DateTimeOffset PreviousNotBefore, DateTimeOffset PreviousNotAfter, DateTimeOffset NotBefore);
}

/// <summary>
/// The measured storm. Profiles count seconds from the moment the stream was opened: <c>issued</c> (each first
/// SVID's issuance, from its notBefore plus the backdate, to the second), <c>rotated</c> (when the workload received
/// each rotated SVID), <c>predicted</c> (the schedule's renewal point of each), <c>unjittered</c> (half of each
/// lifetime). Lag is received minus predicted, in seconds; the fractions are received-at as a share of the lifetime.
/// </summary>
internal sealed record StormResult(
    [property: JsonPropertyName("entries")] int Entries,
    [property: JsonPropertyName("ttlSeconds")] int TtlSeconds,
    [property: JsonPropertyName("issued")] int Issued,
    [property: JsonPropertyName("rotated")] int Rotated,
    [property: JsonPropertyName("wallSeconds")] double WallSeconds,
    [property: JsonPropertyName("agentCpuSeconds")] double AgentCpuSeconds,
    [property: JsonPropertyName("siloCpuSeconds")] double SiloCpuSeconds,
    [property: JsonPropertyName("issuedProfile")] LoadProfile IssuedProfile,
    [property: JsonPropertyName("rotatedProfile")] LoadProfile RotatedProfile,
    [property: JsonPropertyName("predictedProfile")] LoadProfile PredictedProfile,
    [property: JsonPropertyName("unjitteredProfile")] LoadProfile UnjitteredProfile,
    [property: JsonPropertyName("lagP50Seconds")] double LagP50Seconds,
    [property: JsonPropertyName("lagP99Seconds")] double LagP99Seconds,
    [property: JsonPropertyName("minFraction")] double MinFraction,
    [property: JsonPropertyName("maxFraction")] double MaxFraction)
{
    /// <summary>SVIDs (first issuance and one rotation each) per CPU second of the agent and the silo together.</summary>
    [JsonPropertyName("svidsPerCpuSecond")]
    public double SvidsPerCpuSecond => Math.Round((Issued + Rotated) / Math.Max(AgentCpuSeconds + SiloCpuSeconds, 0.01), 1);
}
