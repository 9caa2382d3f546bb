namespace Aims.Bench;

/// <summary>One measured operation: synchronous, or one awaited call at a time.</summary>
internal sealed class BenchOp
{
    private BenchOp(string name, Action? run, Func<Task>? runAsync)
    {
        Name = name;
        Run = run;
        RunAsync = runAsync;
    }

    public string Name { get; }

    public Action? Run { get; }

    public Func<Task>? RunAsync { get; }

    /// <summary>
    /// Untimed work before each slice, e.g. topping up single-use inputs (the <c>rs</c> suite's proofs): the runner
    /// calls it before it reads the clocks.
    /// </summary>
    public Action<TimeSpan>? Prepare { get; private init; }

    public static BenchOp Sync(string name, Action run, Action<TimeSpan>? prepare = null) => new(name, run, null) { Prepare = prepare };

    public static BenchOp Async(string name, Func<Task> runAsync, Action<TimeSpan>? prepare = null) => new(name, null, runAsync) { Prepare = prepare };
}
