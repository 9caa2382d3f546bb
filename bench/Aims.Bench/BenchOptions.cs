namespace Aims.Bench;

/// <summary>The command line: <c>[issuance|grain|all] [--seconds N] [--rounds N] [--clock cpu|wall] [--json]</c>.</summary>
internal sealed record BenchOptions(BenchSuite Suite, double Seconds, int Rounds, BenchClock Clock, bool Json)
{
    public const string Usage =
        "usage: Aims.Bench [issuance|grain|all] [--seconds N] [--rounds N] [--clock cpu|wall] [--json]\n" +
        "  issuance    raw ES256 and CSR crypto, then JWT-SVID, WIT and X509-SVID issuance through Aims.Core\n" +
        "  grain       the raw crypto, the Core issuance paths and the same through ICredentialIssuerGrain on an in-process silo\n" +
        "  all         issuance + grain (default)\n" +
        "  --seconds N elapsed seconds each operation is run for, split over the rounds (default 3)\n" +
        "  --rounds N  interleaved rounds; medians are taken over them (default 5)\n" +
        "  --clock C   cpu (default): divide by the process's CPU time, which other processes do not inflate;\n" +
        "              wall: divide by elapsed time\n" +
        "  --json      write the results to stdout as JSON; progress still goes to stderr";

    /// <summary>Parses the arguments; null with <paramref name="error"/> set when they are not understood.</summary>
    public static BenchOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        var suite = BenchSuite.All;
        var seconds = 3.0;
        var rounds = 5;
        var clock = BenchClock.Cpu;
        var json = false;
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
                case "--json":
                    json = true;
                    break;
                case "--seconds" when i + 1 < args.Count
                                     && double.TryParse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture, out var s)
                                     && s > 0:
                    seconds = s;
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

        return new BenchOptions(suite, seconds, rounds, clock, json);
    }
}
