using System.Diagnostics;

namespace Aims.Bench;

/// <summary>
/// Runs every operation for one slice per round, in the same order within a round and reversed every other
/// round, so that noise on the shared machine lands on the raw bounds and on our paths alike.
/// </summary>
internal sealed class Runner(IReadOnlyList<BenchOp> ops, TimeSpan slice, TimeSpan warmup, TextWriter progress)
{
    public async Task<IReadOnlyList<IReadOnlyDictionary<string, Sample>>> RunAsync(int rounds)
    {
        progress.Write("warm-up");
        foreach (var op in ops)
        {
            await MeasureAsync(op, warmup);
            progress.Write('.');
        }

        progress.WriteLine();
        var results = new List<IReadOnlyDictionary<string, Sample>>(rounds);
        for (var round = 0; round < rounds; round++)
        {
            progress.Write($"round {round + 1}/{rounds} ");
            var samples = new Dictionary<string, Sample>(StringComparer.Ordinal);
            IEnumerable<BenchOp> order = round % 2 == 0 ? ops : ops.Reverse();
            foreach (var op in order)
            {
                samples[op.Name] = await MeasureAsync(op, slice);
                progress.Write('.');
            }

            progress.WriteLine();
            results.Add(samples);
        }

        return results;
    }

    private static async Task<Sample> MeasureAsync(BenchOp op, TimeSpan duration)
    {
        // Each slice starts from a clean heap, so one operation's garbage is not collected on another's time.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        var gen0 = GC.CollectionCount(0);
        var length = (long)(duration.TotalSeconds * Stopwatch.Frequency);
        long operations = 0;
        long start;
        long end;
        double bytes;

        if (op.Run is { } run)
        {
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            start = Stopwatch.GetTimestamp();
            do
            {
                run();
                operations++;
                end = Stopwatch.GetTimestamp();
            }
            while (end - start < length);

            bytes = GC.GetAllocatedBytesForCurrentThread() - allocated;
        }
        else
        {
            var runAsync = op.RunAsync!;
            var allocated = GC.GetTotalAllocatedBytes(precise: false);
            start = Stopwatch.GetTimestamp();
            do
            {
                await runAsync();
                operations++;
                end = Stopwatch.GetTimestamp();
            }
            while (end - start < length);

            bytes = GC.GetTotalAllocatedBytes(precise: false) - allocated;
        }

        return new Sample(operations, (end - start) / (double)Stopwatch.Frequency, bytes / operations, GC.CollectionCount(0) - gen0);
    }
}
