namespace Aims.Bench.Workload;

/// <summary>
/// The crypto an SVID cannot avoid, measured in this process at the callers' parallelism: ES256 signatures and
/// verifications over 256 bytes, and P-256 key generations (what the node agent does for every X509-SVID it asks for),
/// each on <c>C</c> threads with keys of their own for a fixed time.
/// </summary>
internal static class RawCrypto
{
    public static RawCryptoSample Measure(int threads, TimeSpan each) => new(
        Sample(ParallelCrypto.Run(threads, each, RawOperation.Sign)),
        Sample(ParallelCrypto.Run(threads, each, RawOperation.Verify)),
        Sample(ParallelCrypto.Run(threads, each, RawOperation.KeyGeneration)));

    private static WorkloadSample Sample(RawRun run) => new(run.Count, 0, run.WallSeconds, run.CpuSeconds, 0, 0);
}

/// <summary>One round's raw crypto: per CPU second of this process and per elapsed second.</summary>
internal sealed record RawCryptoSample(WorkloadSample Sign, WorkloadSample Verify, WorkloadSample KeyGeneration)
{
    /// <summary>
    /// SVIDs per second if only their crypto cost anything: <paramref name="keys"/> key generations,
    /// <paramref name="signs"/> signatures and <paramref name="verifies"/> verifications each.
    /// </summary>
    public double Bound(int keys, int signs, int verifies, bool cpu)
    {
        double Seconds(WorkloadSample s) => 1 / (cpu ? s.PerCpuSecond : s.PerWallSecond);
        var seconds = (keys * Seconds(KeyGeneration)) + (signs * Seconds(Sign)) + (verifies * Seconds(Verify));
        return 1 / seconds;
    }
}
