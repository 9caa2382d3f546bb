namespace Aims.Bench.Http;

/// <summary>
/// One timed phase of one round: operations that succeeded and failed, elapsed seconds, and CPU seconds of whoever did
/// the work (the silo process for requests, this process for raw crypto), plus this process's CPU for requests (the
/// load generator's own share, reported but never divided by).
/// </summary>
internal sealed record PhaseSample(long Operations, long Failures, double WallSeconds, double CpuSeconds, double GeneratorCpuSeconds)
{
    public double PerWallSecond => Operations / WallSeconds;

    public double PerCpuSecond => Operations / CpuSeconds;
}
