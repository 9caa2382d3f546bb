namespace Aims.Bench.Http;

/// <summary>The crypto a grant cannot avoid, at the load generator's parallelism (see <see cref="ParallelCrypto"/>).</summary>
internal static class CryptoBound
{
    /// <summary>Raw ES256 signatures, then raw verifications, each for <paramref name="duration"/> on <paramref name="threads"/> threads.</summary>
    public static (PhaseSample Sign, PhaseSample Verify) Measure(int threads, TimeSpan duration) =>
        (Sample(ParallelCrypto.Run(threads, duration, RawOperation.Sign)), Sample(ParallelCrypto.Run(threads, duration, RawOperation.Verify)));

    private static PhaseSample Sample(RawRun run) => new(run.Count, 0, run.WallSeconds, run.CpuSeconds, 0);
}
