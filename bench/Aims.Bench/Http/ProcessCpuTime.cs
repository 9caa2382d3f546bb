using System.Globalization;

namespace Aims.Bench.Http;

/// <summary>
/// CPU time (user + system, all threads) of another process, read from <c>/proc/&lt;pid&gt;/stat</c> (proc(5): fields
/// 14 <c>utime</c> and 15 <c>stime</c>, in clock ticks of 1/100 s on Linux). Linux only.
/// </summary>
internal sealed class ProcessCpuTime(int processId)
{
    private const double TicksPerSecond = 100;

    public int ProcessId { get; } = processId;

    public TimeSpan Read()
    {
        var stat = File.ReadAllText($"/proc/{ProcessId}/stat");
        // The command name (field 2) is in parentheses and may hold spaces: count fields after its closing one.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    /// <summary>The process itself, or its only child when <paramref name="processId"/> is a wrapper such as <c>timeout</c>.</summary>
    public static ProcessCpuTime Of(int processId)
    {
        var comm = File.ReadAllText($"/proc/{processId}/comm").Trim();
        if (comm != "timeout")
            return new ProcessCpuTime(processId);
        var children = File.ReadAllText($"/proc/{processId}/task/{processId}/children")
            .Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return children.Length == 1
            ? new ProcessCpuTime(int.Parse(children[0], CultureInfo.InvariantCulture))
            : throw new InvalidOperationException($"process {processId} ({comm}) has {children.Length} children; expected the silo alone");
    }
}
