namespace Aims.Bench;

/// <summary>What one operation measured over one round.</summary>
/// <param name="WallSeconds">Elapsed time: on a shared machine this includes time other processes took from us.</param>
/// <param name="CpuSeconds">CPU time of this whole process (every thread: GC, finalizer, silo) over the same slices.</param>
/// <param name="BytesPerOp">Managed bytes allocated per operation: this thread's for a synchronous operation, the whole process's for an asynchronous one.</param>
internal sealed record Sample(long Operations, double WallSeconds, double CpuSeconds, double BytesPerOp, int Gen0Collections)
{
    public double OpsPerSecond(BenchClock clock) => Operations / (clock == BenchClock.Cpu ? CpuSeconds : WallSeconds);
}
