using System.Diagnostics;

namespace Aims.Bench;

/// <summary>
/// Measures every operation in rounds. Within a round the operations take turns in short slices (forward, then
/// backward, then forward…) until each has had its share of the round, so that noise on the shared machine
/// lands on the raw bounds and on our paths alike; a comparison then divides figures of the same round.
/// </summary>
internal sealed class Runner(IReadOnlyList<BenchOp> ops, TextWriter progress)
{
    /// <summary>Short enough that a burst of load from another process hits every operation of a round.</summary>
    public static readonly TimeSpan Slice = TimeSpan.FromMilliseconds(25);

    public async Task<IReadOnlyList<IReadOnlyDictionary<string, Sample>>> RunAsync(int rounds, TimeSpan perOpPerRound, TimeSpan warmup)
    {
        progress.Write("warm-up ");
        foreach (var op in ops)
        {
            await MeasureAsync(op, warmup, new Accumulator());
            progress.Write('.');
        }

        progress.WriteLine();
        var slices = Math.Max(1, (int)Math.Round(perOpPerRound / Slice));
        var results = new List<IReadOnlyDictionary<string, Sample>>(rounds);
        for (var round = 0; round < rounds; round++)
        {
            progress.Write($"round {round + 1}/{rounds} ");
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();

            var totals = ops.ToDictionary(op => op.Name, _ => new Accumulator(), StringComparer.Ordinal);
            for (var turn = 0; turn < slices; turn++)
            {
                IEnumerable<BenchOp> order = turn % 2 == 0 ? ops : ops.Reverse();
                foreach (var op in order)
                    await MeasureAsync(op, Slice, totals[op.Name]);
                if (turn % Math.Max(1, slices / 10) == 0)
                    progress.Write('.');
            }

            progress.WriteLine();
            results.Add(totals.ToDictionary(kv => kv.Key, kv => kv.Value.ToSample(), StringComparer.Ordinal));
        }

        return results;
    }

    private static async Task MeasureAsync(BenchOp op, TimeSpan duration, Accumulator total)
    {
        op.Prepare?.Invoke(duration);
        var gen0 = GC.CollectionCount(0);
        var cpu = Environment.CpuUsage.TotalTime;
        var length = (long)(duration.TotalSeconds * Stopwatch.Frequency);
        long operations = 0;
        long start;
        long end;
        long bytes;

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

        total.Add(operations, end - start, Environment.CpuUsage.TotalTime - cpu, bytes, GC.CollectionCount(0) - gen0);
    }

    private sealed class Accumulator
    {
        private long _operations;
        private long _ticks;
        private TimeSpan _cpu;
        private long _bytes;
        private int _gen0;

        public void Add(long operations, long ticks, TimeSpan cpu, long bytes, int gen0)
        {
            _operations += operations;
            _ticks += ticks;
            _cpu += cpu;
            _bytes += bytes;
            _gen0 += gen0;
        }

        public Sample ToSample() =>
            new(_operations, _ticks / (double)Stopwatch.Frequency, _cpu.TotalSeconds, _bytes / (double)_operations, _gen0);
    }
}
