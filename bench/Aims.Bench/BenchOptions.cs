namespace Aims.Bench;

/// <summary>
/// The command line: <c>[issuance|grain|all|http|memory|compromise|workload] [--seconds N] [--rounds N] [--clock cpu|wall] [--json]</c>,
/// plus <c>--agents</c>, <c>--connections</c> and <c>--grants</c> for <c>http</c>, <c>--tokens</c> for <c>memory</c> and
/// <c>compromise</c>, <c>--runs</c> and <c>--sample</c> for <c>compromise</c>, and <c>--fetches</c>, <c>--entries</c>,
/// <c>--storm</c> and <c>--workloads</c> for <c>workload</c>.
/// </summary>
internal sealed record BenchOptions(BenchSuite Suite, double Seconds, int Rounds, BenchClock Clock, bool Json)
{
    public const string Usage =
        "usage: Aims.Bench [issuance|grain|all|http|floor|memory|compromise|workload|rs] [--seconds N] [--rounds N] [--clock cpu|wall] [--json]\n" +
        "                  [--agents N] [--connections C] [--grants N] [--tokens K] [--runs R] [--sample S]\n" +
        "                  [--fetches N] [--entries N] [--storm S] [--workloads W]\n" +
        "  issuance      raw ES256 and CSR crypto, then JWT-SVID, WIT and X509-SVID issuance through Aims.Core\n" +
        "  grain         the raw crypto, the Core issuance paths and the same through ICredentialIssuerGrain on an in-process silo\n" +
        "  all           issuance + grain (default)\n" +
        "  http          POST /oauth2/token (client_credentials, token exchange) against a Local-profile silo process,\n" +
        "                next to raw ES256 verify+sign at the same parallelism\n" +
        "  memory        bytes per live token grain in an in-process silo, and what is left once the tokens expired\n" +
        "  compromise    POST /v1/agents/{id}/compromise on three Azure-profile silo processes: until it answers, until\n" +
        "                sampled tokens introspect inactive through every silo, until the SSF push receiver has the SET\n" +
        "  workload      SVIDs served through the node agent's Workload API (cached and fresh, X509 and JWT) against a\n" +
        "                Local-profile silo, and the rotation storm: modelled for --workloads, measured for --storm entries\n" +
        "  rs            requests Aims.ResourceServer authenticates with access token + WIT + WPT, next to raw ES256 verify\n" +
        "  floor         client_credentials answered by Kestrel + Aims.Core alone in a child process (no grains, policy,\n" +
        "                storage or audit), with http's load generator, next to raw ES256 verify+sign: the floor under http\n" +
        "  --seconds N   issuance/grain/rs: elapsed seconds each operation is run for, split over the rounds (default 3);\n" +
        "                http: seconds of raw crypto per round (default 2)\n" +
        "  --rounds N    interleaved rounds; medians are taken over them (default 5)\n" +
        "  --clock C     cpu (default): divide by the process's CPU time, which other processes do not inflate;\n" +
        "                wall: divide by elapsed time\n" +
        "  --json        write the results to stdout as JSON; progress still goes to stderr\n" +
        "  --agents N    http: agents registered and attested (default 64)\n" +
        "  --connections C  http: concurrent keep-alive connections of the load generator, and crypto threads;\n" +
        "                compromise: concurrent token requests while tokens are issued (default 16)\n" +
        "  --grants N    http: requests per grant type per round; as many JWT-SVIDs are minted before each round (default 2000)\n" +
        "  --tokens K    memory: token grains activated (default 20000); compromise: access tokens per run (default 10000)\n" +
        "  --runs R      compromise: runs, each with a fresh agent (default 5)\n" +
        "  --sample S    compromise: tokens introspected through each silo per run (default 30)\n" +
        "  --fetches N   workload: cached FetchX509SVID and FetchJWTSVID calls per round, each (default 4000)\n" +
        "  --entries N   workload: new registration entries per round, issued fresh (default 100)\n" +
        "  --storm S     workload: entries rotated for real in the measured storm (default 300)\n" +
        "  --workloads W workload: registered workloads in the modelled storm (default 100000)";

    /// <summary><c>http</c>: agents registered and attested.</summary>
    public int Agents { get; init; } = 64;

    /// <summary><c>http</c>: concurrent connections of the load generator, and threads of the raw crypto bound.</summary>
    public int Connections { get; init; } = 16;

    /// <summary><c>http</c>: requests per grant type per round.</summary>
    public int Grants { get; init; } = 2000;

    /// <summary><c>memory</c>: token grains activated; <c>compromise</c>: access tokens issued per run.</summary>
    public int Tokens { get; init; } = 20_000;

    /// <summary><c>compromise</c>: runs, each with a fresh agent.</summary>
    public int Runs { get; init; } = 5;

    /// <summary><c>compromise</c>: tokens introspected through each silo per run.</summary>
    public int Sample { get; init; } = 30;

    /// <summary><c>workload</c>: cached fetches of each kind per round.</summary>
    public int Fetches { get; init; } = 4000;

    /// <summary><c>workload</c>: new registration entries per round, whose SVIDs are issued fresh.</summary>
    public int Entries { get; init; } = 100;

    /// <summary><c>workload</c>: entries of the measured rotation storm.</summary>
    public int StormEntries { get; init; } = 300;

    /// <summary><c>workload</c>: registered workloads of the modelled rotation storm.</summary>
    public int Workloads { get; init; } = 100_000;

    /// <summary>Whether <c>--seconds</c> was given (http defaults to a shorter crypto phase).</summary>
    public bool SecondsGiven { get; init; }

    /// <summary>Parses the arguments; null with <paramref name="error"/> set when they are not understood.</summary>
    public static BenchOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        var suite = BenchSuite.All;
        var seconds = 3.0;
        var rounds = 5;
        var clock = BenchClock.Cpu;
        var json = false;
        var secondsGiven = false;
        int agents = 64, connections = 16, grants = 2000, runs = 5, sample = 30;
        int fetches = 4000, entries = 100, storm = 300, workloads = 100_000;
        int? tokens = null;
        error = null;

        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "issuance":
                    suite = BenchSuite.Issuance;
                    break;
                case "grain":
                    suite = BenchSuite.Grain;
                    break;
                case "all":
                    suite = BenchSuite.All;
                    break;
                case "http":
                    suite = BenchSuite.Http;
                    break;
                case "memory":
                    suite = BenchSuite.Memory;
                    break;
                case "compromise":
                    suite = BenchSuite.Compromise;
                    break;
                case "workload":
                    suite = BenchSuite.Workload;
                    break;
                case "rs":
                    suite = BenchSuite.ResourceServer;
                    break;
                case "floor":
                    suite = BenchSuite.Floor;
                    break;
                case "--agents" when TryCount(args, i, 2, out agents):
                case "--connections" when TryCount(args, i, 1, out connections):
                case "--grants" when TryCount(args, i, 1, out grants):
                case "--runs" when TryCount(args, i, 1, out runs):
                case "--sample" when TryCount(args, i, 1, out sample):
                case "--fetches" when TryCount(args, i, 1, out fetches):
                case "--entries" when TryCount(args, i, 1, out entries):
                case "--storm" when TryCount(args, i, 1, out storm):
                case "--workloads" when TryCount(args, i, 1, out workloads):
                    i++;
                    break;
                case "--tokens" when TryCount(args, i, 1, out var count):
                    tokens = count;
                    i++;
                    break;
                case "--json":
                    json = true;
                    break;
                case "--seconds" when i + 1 < args.Count
                                     && double.TryParse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture, out var s)
                                     && s > 0:
                    seconds = s;
                    secondsGiven = true;
                    i++;
                    break;
                case "--clock" when i + 1 < args.Count && args[i + 1] is "cpu" or "wall":
                    clock = args[i + 1] == "cpu" ? BenchClock.Cpu : BenchClock.Wall;
                    i++;
                    break;
                case "--rounds" when i + 1 < args.Count && int.TryParse(args[i + 1], out var r) && r > 0:
                    rounds = r;
                    i++;
                    break;
                default:
                    error = $"unknown or incomplete argument '{args[i]}'";
                    return null;
            }
        }

        return new BenchOptions(suite, seconds, rounds, clock, json)
        {
            Agents = agents,
            Connections = connections,
            Grants = grants,
            Tokens = tokens ?? (suite == BenchSuite.Compromise ? 10_000 : 20_000),
            Runs = runs,
            Sample = sample,
            Fetches = fetches,
            Entries = entries,
            StormEntries = storm,
            Workloads = workloads,
            SecondsGiven = secondsGiven,
        };
    }

    /// <summary>The whole number after <c>args[i]</c>, when it is at least <paramref name="minimum"/>.</summary>
    private static bool TryCount(IReadOnlyList<string> args, int i, int minimum, out int value) =>
        int.TryParse(i + 1 < args.Count ? args[i + 1] : null, System.Globalization.CultureInfo.InvariantCulture, out value) && value >= minimum;
}
