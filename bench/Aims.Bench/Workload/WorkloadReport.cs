using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Aims.Bench.Workload;

/// <summary>One phase over the rounds: medians of SVIDs per agent+silo CPU second and per second, and where the CPU went.</summary>
internal sealed record WorkloadPhaseResult(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("perCpuSecond")] double PerCpuSecond,
    [property: JsonPropertyName("perSecond")] double PerSecond,
    [property: JsonPropertyName("minPerSecond")] double MinPerSecond,
    [property: JsonPropertyName("maxPerSecond")] double MaxPerSecond,
    [property: JsonPropertyName("agentCpuPerWall")] double AgentCpuPerWall,
    [property: JsonPropertyName("siloCpuPerWall")] double SiloCpuPerWall,
    [property: JsonPropertyName("callerCpuPerWall")] double CallerCpuPerWall,
    [property: JsonPropertyName("agentCpuShare")] double AgentCpuShare,
    [property: JsonPropertyName("agentCpuMsPerSvid")] double AgentCpuMsPerSvid,
    [property: JsonPropertyName("siloCpuMsPerSvid")] double SiloCpuMsPerSvid,
    [property: JsonPropertyName("failures")] long Failures);

/// <summary>The <c>workload</c> report: throughput phases and their ratios, the modelled storm and the measured one.</summary>
internal sealed record WorkloadReport(
    [property: JsonPropertyName("environment")] BenchEnvironment Environment,
    [property: JsonPropertyName("suite")] string Suite,
    [property: JsonPropertyName("callers")] int Callers,
    [property: JsonPropertyName("fetchesPerRound")] int FetchesPerRound,
    [property: JsonPropertyName("freshEntriesPerRound")] int FreshEntriesPerRound,
    [property: JsonPropertyName("rounds")] int Rounds,
    [property: JsonPropertyName("siloPid")] int SiloPid,
    [property: JsonPropertyName("agentPid")] int AgentPid,
    [property: JsonPropertyName("raw")] RawCryptoResult Raw,
    [property: JsonPropertyName("phases")] IReadOnlyList<WorkloadPhaseResult> Phases,
    [property: JsonPropertyName("comparisons")] IReadOnlyList<ComparisonResult> Comparisons,
    [property: JsonPropertyName("model")] RenewalModelResult Model,
    [property: JsonPropertyName("modelPeakOverFreshX509PerSecond")] double ModelPeakOverFreshX509PerSecond,
    [property: JsonPropertyName("modelPeakCryptoCpuSecondsPerSecond")] double ModelPeakCryptoCpuSecondsPerSecond,
    [property: JsonPropertyName("modelPeakSiloCpuSecondsPerSecond")] double ModelPeakSiloCpuSecondsPerSecond,
    [property: JsonPropertyName("modelUnjitteredSiloCpuSeconds")] double ModelUnjitteredSiloCpuSeconds,
    [property: JsonPropertyName("storm")] StormResult Storm,
    [property: JsonPropertyName("stormSvidsPerCpuSecondOverBound")] double StormOverBound)
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    /// <summary>True when no call failed and every storm SVID was rotated.</summary>
    [JsonPropertyName("allPass")]
    public bool AllPass => Phases.All(p => p.Failures == 0) && Storm.Rotated == Storm.Entries;

    public static WorkloadReport Create(BenchOptions options, int siloPid, int agentPid, IReadOnlyList<WorkloadRound> rounds, RenewalModelResult model, StormResult storm)
    {
        var phases = WorkloadPhases.All.Select(name =>
        {
            var samples = rounds.Select(r => r.Phases[name]).ToList();
            return new WorkloadPhaseResult(
                name,
                Round(Median(samples.Select(s => s.PerCpuSecond))),
                Round(Median(samples.Select(s => s.PerWallSecond))),
                Round(samples.Min(s => s.PerWallSecond)),
                Round(samples.Max(s => s.PerWallSecond)),
                Math.Round(Median(samples.Select(s => s.AgentCpuSeconds / s.WallSeconds)), 2),
                Math.Round(Median(samples.Select(s => s.SiloCpuSeconds / s.WallSeconds)), 2),
                Math.Round(Median(samples.Select(s => s.GeneratorCpuSeconds / s.WallSeconds)), 2),
                Math.Round(Median(samples.Select(s => s.AgentCpuSeconds / Math.Max(s.CpuSeconds, 0.01))), 2),
                Math.Round(Median(samples.Select(s => 1000 * s.AgentCpuSeconds / Math.Max(s.Operations, 1))), 3),
                Math.Round(Median(samples.Select(s => 1000 * s.SiloCpuSeconds / Math.Max(s.Operations, 1))), 3),
                samples.Sum(s => s.Failures));
        }).ToList();

        var comparisons = WorkloadComparison.All.Select(c =>
        {
            var ratios = rounds.Select(c.Ratio).ToList();
            return new ComparisonResult($"{c.Phase} ({c.Clock})", c.BoundName, Round(Median(rounds.Select(c.Bound))),
                Math.Round(Median(ratios), 3), Math.Round(ratios.Min(), 3), Math.Round(ratios.Max(), 3), null, Verdicts.Info);
        }).ToList();

        var raw = new RawCryptoResult(
            Round(Median(rounds.Select(r => r.Raw.Sign.PerCpuSecond))),
            Round(Median(rounds.Select(r => r.Raw.Verify.PerCpuSecond))),
            Round(Median(rounds.Select(r => r.Raw.KeyGeneration.PerCpuSecond))),
            Round(Median(rounds.Select(r => r.Raw.Bound(1, 2, 2, cpu: true)))),
            Round(Median(rounds.Select(r => r.Raw.Bound(1, 2, 2, cpu: false)))));

        // The busiest second of the modelled fleet against what this agent and silo issue, and against the crypto alone.
        var peak = model.Generations[0].Profile.PeakPerSecond;
        var fresh = phases.Single(p => p.Name == WorkloadPhases.X509Fresh);
        return new WorkloadReport(BenchEnvironment.Current(), "workload", options.Connections, options.Fetches, options.Entries, rounds.Count,
            siloPid, agentPid, raw, phases, comparisons, model,
            Math.Round(peak / Math.Max(fresh.PerSecond, 1), 2), Math.Round(peak / raw.X509BoundPerCpuSecond, 3),
            Math.Round(peak * fresh.SiloCpuMsPerSvid / 1000, 2), Math.Round(model.Workloads * fresh.SiloCpuMsPerSvid / 1000, 0),
            storm, Math.Round(storm.SvidsPerCpuSecond / raw.X509BoundPerCpuSecond, 3));
    }

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public void WriteTable(TextWriter output)
    {
        output.WriteLine($"Aims.Bench workload: {Rounds} rounds; {Callers} concurrent callers in this process over the node agent's Unix socket");
        output.WriteLine($"silo: Local-profile process (pid {SiloPid}, SQLite); node agent: process (pid {AgentPid}); per round {FetchesPerRound} cached fetches of each kind, {FreshEntriesPerRound} new entries");
        output.WriteLine($"{Environment.Framework}, {Environment.Os}, {Environment.ProcessorCount} cores, {Environment.OpenSsl}");
        output.WriteLine($"raw crypto ({Callers} threads, per CPU-s of this process): sign {N(Raw.SignPerCpuSecond)}, verify {N(Raw.VerifyPerCpuSecond)}, " +
            $"P-256 keygen {N(Raw.KeyGenerationPerCpuSecond)}; keygen + 2 sign + 2 verify {N(Raw.X509BoundPerCpuSecond)}/cpu-s, {N(Raw.X509BoundPerSecond)}/s");
        output.WriteLine();
        output.WriteLine($"{"phase",-12} {"per CPU-s",10} {"per s",8} {"per s min-max",14} {"agent",6} {"silo",6} {"caller",6} {"agent%",6} {"agent ms",8} {"silo ms",8} {"failed",6}");
        foreach (var p in Phases)
        {
            output.WriteLine($"{p.Name,-12} {N(p.PerCpuSecond),10} {N(p.PerSecond),8} {N(p.MinPerSecond) + "-" + N(p.MaxPerSecond),14} " +
                $"{p.AgentCpuPerWall,6:0.00} {p.SiloCpuPerWall,6:0.00} {p.CallerCpuPerWall,6:0.00} {p.AgentCpuShare * 100,6:0} {p.AgentCpuMsPerSvid,8:0.000} {p.SiloCpuMsPerSvid,8:0.000} {p.Failures,6}");
        }

        output.WriteLine();
        output.WriteLine("per CPU-s: SVIDs served per CPU second of the agent and the silo together; agent/silo/caller: CPU seconds per elapsed");
        output.WriteLine("second of each (caller = this process, excluded from every ratio); agent%: the agent's share of agent + silo CPU;");
        output.WriteLine("agent ms, silo ms: CPU milliseconds of each per SVID served");
        output.WriteLine();
        output.WriteLine($"{"phase (clock)",-20} {"vs bound",-27} {"bound/s",9} {"ratio",7} {"min-max",13}");
        foreach (var c in Comparisons)
            output.WriteLine($"{c.Op,-20} {c.Bound,-27} {N(c.BoundOpsPerSecond),9} {c.Ratio,7:0.000} {$"{c.MinRatio:0.000}-{c.MaxRatio:0.000}",13}");

        output.WriteLine();
        output.WriteLine($"rotation storm, modelled: {Model.Workloads:N0} workloads on {Model.Nodes:N0} nodes, all issued in one second, X509-SVIDs of " +
            $"{Model.TtlSeconds} s (+{Model.BackdateSeconds} s backdate), renewed by SvidRenewalSchedule");
        output.WriteLine($"{"case",-20} {"from s",7} {"span s",7} {"peak/s",8} {"mean/s",8} {"peak/mean",9}  histogram ([bin width] events per bin)");
        output.WriteLine(ProfileLine("unjittered", Model.Unjittered));
        foreach (var g in Model.Generations)
            output.WriteLine(ProfileLine($"jittered, renewal {g.Generation}", g.Profile));
        output.WriteLine($"peak of renewal 1 over this agent+silo's fresh X509-SVIDs per second: {ModelPeakOverFreshX509PerSecond:0.00}; " +
            $"over the crypto bound (CPU-s of crypto per second): {ModelPeakCryptoCpuSecondsPerSecond:0.000}");
        output.WriteLine($"silo CPU at the silo ms of a fresh X509-SVID: {ModelPeakSiloCpuSecondsPerSecond:0.00} CPU-s per second at the jittered peak; " +
            $"{ModelUnjitteredSiloCpuSeconds:0} CPU-s due in the one unjittered second");
        output.WriteLine();
        output.WriteLine($"rotation storm, measured: {Storm.Entries} entries with {Storm.TtlSeconds} s X509-SVIDs through the agent and silo; " +
            $"{Storm.Issued} issued, {Storm.Rotated} rotated in {Storm.WallSeconds:0} s (seconds from opening the stream)");
        output.WriteLine($"{"case",-20} {"from s",7} {"span s",7} {"peak/s",8} {"mean/s",8} {"peak/mean",9}  histogram ([bin width] events per bin)");
        output.WriteLine(ProfileLine("first issuance", Storm.IssuedProfile));
        output.WriteLine(ProfileLine("unjittered (model)", Storm.UnjitteredProfile));
        output.WriteLine(ProfileLine("predicted", Storm.PredictedProfile));
        output.WriteLine(ProfileLine("rotated (measured)", Storm.RotatedProfile));
        output.WriteLine($"received - predicted: p50 {Storm.LagP50Seconds:0.00} s, p99 {Storm.LagP99Seconds:0.00} s; received at {Storm.MinFraction:0.000}-{Storm.MaxFraction:0.000} of the lifetime");
        output.WriteLine($"agent {Storm.AgentCpuSeconds:0.0} CPU-s, silo {Storm.SiloCpuSeconds:0.0} CPU-s: {Storm.SvidsPerCpuSecond:0} SVIDs per CPU-s, " +
            $"{StormOverBound:0.000} of keygen + 2 sign + 2 verify");
        output.WriteLine();
        output.WriteLine(AllPass ? "every call answered and every storm SVID rotated" : "FAILED calls or SVIDs not rotated; see above and bench/README.md");
    }

    private static string ProfileLine(string name, LoadProfile p) =>
        $"{name,-20} {p.FirstSecond,7:0} {p.SpanSeconds,7:0} {N(p.PeakPerSecond),8} {p.MeanPerSecond,8:0.0} {p.PeakOverMean,9:0.00}  {p.HistogramText()}";

    private static string N(double value) => value.ToString("#,0", CultureInfo.InvariantCulture);

    private static double Round(double value) => Math.Round(value, 0, MidpointRounding.AwayFromZero);

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}

/// <summary>Medians over the rounds of the raw crypto, per CPU second of this process, and the X509-SVID bound.</summary>
internal sealed record RawCryptoResult(
    [property: JsonPropertyName("signPerCpuSecond")] double SignPerCpuSecond,
    [property: JsonPropertyName("verifyPerCpuSecond")] double VerifyPerCpuSecond,
    [property: JsonPropertyName("keyGenerationPerCpuSecond")] double KeyGenerationPerCpuSecond,
    [property: JsonPropertyName("x509BoundPerCpuSecond")] double X509BoundPerCpuSecond,
    [property: JsonPropertyName("x509BoundPerSecond")] double X509BoundPerSecond);
