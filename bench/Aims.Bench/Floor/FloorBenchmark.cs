using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Aims.Bench.Http;
using Aims.Core.Credentials;

namespace Aims.Bench.Floor;

/// <summary>
/// <c>floor</c>: what the token endpoint's HTTP stack and Core work cost without the fabric. A child process
/// (<see cref="FloorServer"/>) answers <c>client_credentials</c> with Kestrel and Aims.Core only; the same load generator
/// as <c>http</c> sends it the same forms, each with a fresh JWT-SVID; the raw ES256 bound is measured in the same
/// rounds. Its ratio to <c>verify + sign</c> is the most a grant through the silo could reach on this machine: the
/// silo's own ratio (<c>http</c>) divided by it is the share the fabric (grains, policy, durable audit) leaves.
/// </summary>
internal static class FloorBenchmark
{
    public static async Task<FloorReport> RunAsync(BenchOptions options, TextWriter progress)
    {
        using var keys = new IssuanceFixture();
        using var temp = new Aims.Testing.ExternalTool.TempDirectory();
        var keyFile = Path.Combine(temp.Path, "jwt.pem");
        await File.WriteAllTextAsync(keyFile, keys.JwtVerifyKey.ExportSubjectPublicKeyInfoPem());

        using var server = StartServer(keyFile, keys.JwtKey.Kid);
        var url = await ReadListeningUrlAsync(server);
        var cpu = new ProcessCpuTime(server.Id);
        progress.WriteLine($"floor server ready: pid {server.Id}, {url}");
        using var load = new LoadGenerator(new Uri(url + "/oauth2/token"), options.Connections);

        var jwtIssuer = new JwtSvidIssuer();
        var agents = Enumerable.Range(0, options.Agents).Select(i => IssuanceFixture.TrustDomain.NewId($"/agents/floor-{i}")).ToList();
        List<byte[]> Forms(int count)
        {
            var now = DateTimeOffset.UtcNow;
            return [.. Enumerable.Range(0, count).Select(i => HttpFixture.ClientCredentialsForm(
                jwtIssuer.Mint(keys.JwtKey, agents[i % agents.Count], [IssuanceFixture.TokenEndpoint], now, TimeSpan.FromMinutes(9)).Token))];
        }

        // A whole round's worth of warm-up: the server is a fresh process, and tiered compilation of Kestrel and Core
        // takes longer than a quarter round on a busy 2-core machine.
        progress.WriteLine("warm-up round (not counted)");
        await RequestsAsync(load, cpu, Forms(Math.Max(options.Agents, options.Grants)), progress);
        var rounds = new List<FloorRound>(options.Rounds);
        var cryptoTime = TimeSpan.FromSeconds(options.SecondsGiven ? options.Seconds : 2);
        for (var round = 0; round < options.Rounds; round++)
        {
            progress.WriteLine($"round {round + 1}/{options.Rounds}");
            var forms = Forms(options.Grants);
            PhaseSample sign = null!, verify = null!, grants = null!;
            var steps = new List<Func<Task>>
            {
                () =>
                {
                    (sign, verify) = CryptoBound.Measure(load.Connections, cryptoTime / 2);
                    return Task.CompletedTask;
                },
                async () => grants = await RequestsAsync(load, cpu, forms, progress),
            };
            if (round % 2 == 1)
                steps.Reverse();
            foreach (var step in steps)
                await step();
            progress.WriteLine($"  sign {sign.PerCpuSecond:0}/cpu-s, verify {verify.PerCpuSecond:0}/cpu-s; floor client_credentials {grants.PerWallSecond:0}/s ({grants.PerCpuSecond:0}/server-cpu-s)");
            rounds.Add(new FloorRound(sign, verify, grants));
        }

        server.Kill(entireProcessTree: true);
        await server.WaitForExitAsync();
        return new FloorReport(options.Connections, options.Agents, options.Grants, rounds);
    }

    private static async Task<PhaseSample> RequestsAsync(LoadGenerator load, ProcessCpuTime server, List<byte[]> bodies, TextWriter progress)
    {
        GC.Collect();
        var before = server.Read();
        var generator = Environment.CpuUsage.TotalTime;
        var result = await load.RunAsync(bodies);
        var serverCpu = (server.Read() - before).TotalSeconds;
        var generatorCpu = (Environment.CpuUsage.TotalTime - generator).TotalSeconds;
        if (result.Failed > 0)
            progress.WriteLine($"  floor: {result.Failed} of {bodies.Count} requests failed; first: {result.FirstFailure}");
        return new PhaseSample(result.Succeeded, result.Failed, result.Elapsed.TotalSeconds, serverCpu, generatorCpu);
    }

    /// <summary>This very assembly in its <see cref="FloorServer"/> role, with the silo's GC settings (concurrent, workstation).</summary>
    private static Process StartServer(string keyFile, string kid)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = false,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { typeof(FloorServer).Assembly.Location, FloorServer.Verb, keyFile, kid })
            start.ArgumentList.Add(argument);
        start.Environment["DOTNET_gcConcurrent"] = "1";
        start.Environment["DOTNET_gcServer"] = "0";
        return Process.Start(start) ?? throw new InvalidOperationException("the floor server did not start");
    }

    private static async Task<string> ReadListeningUrlAsync(Process server)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await server.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("listening ", StringComparison.Ordinal))
                return line["listening ".Length..].TrimEnd('/');
        }

        throw new InvalidOperationException($"the floor server exited ({(server.HasExited ? server.ExitCode.ToString(CultureInfo.InvariantCulture) : "running")}) before it listened");
    }
}

/// <summary>One round of <c>floor</c>: the raw bound and the floor server's grants.</summary>
internal sealed record FloorRound(PhaseSample Sign, PhaseSample Verify, PhaseSample Grants)
{
    /// <summary>Grants per server CPU second against <c>1/(1/verify + 1/sign)</c> per CPU second of the same round.</summary>
    public double Ratio => Grants.PerCpuSecond * ((1 / Verify.PerCpuSecond) + (1 / Sign.PerCpuSecond));
}

/// <summary>The <c>floor</c> figures: medians over rounds.</summary>
internal sealed record FloorReport(int Connections, int Agents, int GrantsPerRound, IReadOnlyList<FloorRound> Rounds)
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    public double Ratio => Median(Rounds.Select(r => r.Ratio));

    public void WriteTable(TextWriter output)
    {
        output.WriteLine($"Aims.Bench floor: {Rounds.Count} rounds of {GrantsPerRound} client_credentials requests; {Agents} agents; Kestrel + Aims.Core in a child process, no grains");
        output.WriteLine($"load generator: {LoadGenerator.Name}, {Connections} connections to 127.0.0.1; raw crypto: {Connections} threads in this process");
        output.WriteLine();
        output.WriteLine($"{"phase",-28}{"per CPU-s",10}{"per s",10}");
        output.WriteLine($"{"raw es256 sign",-28}{Median(Rounds.Select(r => r.Sign.PerCpuSecond)),10:N0}{Median(Rounds.Select(r => r.Sign.PerWallSecond)),10:N0}");
        output.WriteLine($"{"raw es256 verify",-28}{Median(Rounds.Select(r => r.Verify.PerCpuSecond)),10:N0}{Median(Rounds.Select(r => r.Verify.PerWallSecond)),10:N0}");
        output.WriteLine($"{"floor client_credentials",-28}{Median(Rounds.Select(r => r.Grants.PerCpuSecond)),10:N0}{Median(Rounds.Select(r => r.Grants.PerWallSecond)),10:N0}");
        output.WriteLine();
        output.WriteLine($"floor client_credentials (cpu) vs verify + sign: {Ratio:0.000} (rounds {Rounds.Min(r => r.Ratio):0.000}-{Rounds.Max(r => r.Ratio):0.000}); failed requests {Rounds.Sum(r => r.Grants.Failures)}");
        output.WriteLine("per CPU-s: requests per CPU second of the floor server process (raw crypto: per CPU second of this process)");
    }

    public string ToJson() => JsonSerializer.Serialize(new
    {
        loadGenerator = LoadGenerator.Name,
        connections = Connections,
        agents = Agents,
        grantsPerRound = GrantsPerRound,
        ratio = Ratio,
        rounds = Rounds.Select(r => new
        {
            signPerCpuSecond = r.Sign.PerCpuSecond,
            verifyPerCpuSecond = r.Verify.PerCpuSecond,
            grantsPerCpuSecond = r.Grants.PerCpuSecond,
            grantsPerSecond = r.Grants.PerWallSecond,
            failures = r.Grants.Failures,
            ratio = r.Ratio,
        }),
    }, JsonOptions);

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
