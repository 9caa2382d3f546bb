namespace Aims.Bench.Workload;

/// <summary>
/// One timed phase of one round: SVIDs served (or raw operations done), calls that failed, elapsed seconds, and CPU
/// seconds of whoever did the work: the node agent and the silo together for Workload API calls (the agent's share
/// beside it), this process for raw crypto. This process's CPU while it calls (the workload side) is reported and
/// never divided by.
/// </summary>
internal sealed record WorkloadSample(long Operations, long Failures, double WallSeconds, double CpuSeconds, double AgentCpuSeconds, double GeneratorCpuSeconds)
{
    public double PerWallSecond => Operations / WallSeconds;

    public double PerCpuSecond => Operations / Math.Max(CpuSeconds, 0.01);

    public double SiloCpuSeconds => CpuSeconds - AgentCpuSeconds;
}
