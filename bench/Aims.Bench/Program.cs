using Aims.Bench;
using Aims.Bench.Compromise;
using Aims.Bench.Http;
using Aims.Bench.Memory;
using Aims.Bench.Workload;

// dotnet run -c Release --project bench/Aims.Bench -- [issuance|grain|all|http|memory|compromise|workload|rs] [--seconds N] [--rounds N] [--json]
if (args is [Aims.Bench.Floor.FloorServer.Verb, .. var serverArgs])
    return await Aims.Bench.Floor.FloorServer.RunAsync(serverArgs);

var options = BenchOptions.Parse(args, out var error);
if (options is null)
{
    await Console.Error.WriteLineAsync(error + "\n" + BenchOptions.Usage);
    return 2;
}

var progress = Console.Error;
if (options.Suite == BenchSuite.Http)
{
    var http = await HttpBenchmark.RunAsync(options, progress);
    if (options.Json)
        Console.Out.WriteLine(http.ToJson());
    else
        http.WriteTable(Console.Out);
    return 0;
}

if (options.Suite == BenchSuite.Floor)
{
    var floor = await Aims.Bench.Floor.FloorBenchmark.RunAsync(options, progress);
    if (options.Json)
        Console.Out.WriteLine(floor.ToJson());
    else
        floor.WriteTable(Console.Out);
    return 0;
}

if (options.Suite == BenchSuite.Memory)
{
    var memory = await MemoryBenchmark.RunAsync(options.Tokens, progress);
    if (options.Json)
        Console.Out.WriteLine(memory.ToJson());
    else
        memory.WriteTable(Console.Out);
    return 0;
}

if (options.Suite == BenchSuite.ResourceServer)
{
    var rs = await Aims.Bench.ResourceServer.ResourceServerBenchmarks.RunAsync(options, progress);
    if (options.Json)
        Console.Out.WriteLine(rs.ToJson());
    else
        rs.WriteTable(Console.Out);
    return 0;
}

if (options.Suite == BenchSuite.Compromise)
{
    var compromise = await CompromiseBenchmark.RunAsync(options, progress);
    if (options.Json)
        Console.Out.WriteLine(compromise.ToJson());
    else
        compromise.WriteTable(Console.Out);
    return 0;
}

if (options.Suite == BenchSuite.Workload)
{
    var workload = await WorkloadBenchmark.RunAsync(options, progress);
    if (options.Json)
        Console.Out.WriteLine(workload.ToJson());
    else
        workload.WriteTable(Console.Out);
    return 0;
}

using var fixture = new IssuanceFixture();
var issuance = new IssuanceBenchmarks(fixture);
var ops = new List<BenchOp>(issuance.Raw());
ops.AddRange(issuance.Paths());
ops.AddRange(issuance.OAuthPaths());
var comparisons = new List<Comparison>(IssuanceBenchmarks.PathComparisons());
if (options.Suite is BenchSuite.Issuance or BenchSuite.All)
{
    ops.AddRange(issuance.Components());
    comparisons.AddRange(IssuanceBenchmarks.ComponentComparisons());
}

GrainFixture? grain = null;
try
{
    if (options.Suite is BenchSuite.Grain or BenchSuite.All)
    {
        progress.WriteLine("starting an in-process silo");
        grain = await GrainFixture.StartAsync();
        ops.AddRange(new GrainBenchmarks(grain, fixture).Calls());
        comparisons.AddRange(GrainBenchmarks.Comparisons());
    }

    var perOpPerRound = TimeSpan.FromSeconds(options.Seconds / options.Rounds);
    var warmup = TimeSpan.FromSeconds(Math.Min(0.5, options.Seconds / options.Rounds));
    var rounds = await new Runner(ops, progress).RunAsync(options.Rounds, perOpPerRound, warmup);
    var report = BenchReport.Create(options, rounds, comparisons);

    if (options.Json)
        Console.Out.WriteLine(report.ToJson());
    else
        report.WriteTable(Console.Out);
    return 0;
}
finally
{
    if (grain is not null)
        await grain.DisposeAsync();
}
