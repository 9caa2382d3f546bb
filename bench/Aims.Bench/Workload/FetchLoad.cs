using System.Diagnostics;
using Aims.Bench.Http;

namespace Aims.Bench.Workload;

/// <summary>
/// <c>C</c> concurrent callers in this process, each taking the next call number until <c>calls</c> are done; a call
/// answers how many SVIDs it was served. The agent's and the silo's CPU are read before and after.
/// </summary>
internal sealed class FetchLoad(int callers, ProcessCpuTime agentCpu, ProcessCpuTime siloCpu)
{
    public int Callers => callers;

    /// <summary>The first failure of the last run, for the progress log.</summary>
    public string? FirstFailure { get; private set; }

    public async Task<WorkloadSample> RunAsync(int calls, Func<int, Task<int>> call)
    {
        GC.Collect();
        long next = -1, svids = 0, failures = 0;
        string? firstFailure = null;
        var agent = agentCpu.Read();
        var silo = siloCpu.Read();
        var generator = Environment.CpuUsage.TotalTime;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
        {
            long i;
            while ((i = Interlocked.Increment(ref next)) < calls)
            {
                try
                {
                    Interlocked.Add(ref svids, await call((int)i));
                }
                catch (Exception e) when (e is Grpc.Core.RpcException or InvalidOperationException or IOException)
                {
                    Interlocked.Increment(ref failures);
                    Interlocked.CompareExchange(ref firstFailure, e.Message, null);
                }
            }
        })));
        var wall = clock.Elapsed.TotalSeconds;
        var agentSeconds = (agentCpu.Read() - agent).TotalSeconds;
        var siloSeconds = (siloCpu.Read() - silo).TotalSeconds;
        FirstFailure = firstFailure;
        return new WorkloadSample(svids, failures, wall, agentSeconds + siloSeconds, agentSeconds, (Environment.CpuUsage.TotalTime - generator).TotalSeconds);
    }
}
