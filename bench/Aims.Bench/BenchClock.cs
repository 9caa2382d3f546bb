namespace Aims.Bench;

/// <summary>The time an operation's throughput is divided by.</summary>
internal enum BenchClock
{
    /// <summary>CPU time of the process: what the work costs, whatever else runs on the machine (default).</summary>
    Cpu,

    /// <summary>Elapsed time: what a caller waits, including time the scheduler gave to other processes.</summary>
    Wall,
}
