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

    public static BenchOp Sync(string name, Action run) => new(name, run, null);

    public static BenchOp Async(string name, Func<Task> runAsync) => new(name, null, runAsync);
}
