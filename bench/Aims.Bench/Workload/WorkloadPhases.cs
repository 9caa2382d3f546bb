namespace Aims.Bench.Workload;

/// <summary>The timed phases of a <c>workload</c> round, and the crypto each must do per SVID.</summary>
internal static class WorkloadPhases
{
    /// <summary>FetchX509SVID answered from the agent's cache: open the stream, take the first message, hang up.</summary>
    public const string X509Cached = "x509 cached";

    /// <summary>FetchJWTSVID for an entry and audience the agent has a JWT-SVID for.</summary>
    public const string JwtCached = "jwt cached";

    /// <summary>FetchX509SVID after new entries: per SVID the agent makes a key and a CSR, the silo checks it, signs, verifies the chain.</summary>
    public const string X509Fresh = "x509 fresh";

    /// <summary>FetchJWTSVID for an audience never asked before: the silo mints and verifies.</summary>
    public const string JwtFresh = "jwt fresh";

    public static IReadOnlyList<string> All { get; } = [X509Cached, JwtCached, X509Fresh, JwtFresh];
}

/// <summary>One round: the raw crypto and every phase, measured back to back.</summary>
internal sealed record WorkloadRound(RawCryptoSample Raw, IReadOnlyDictionary<string, WorkloadSample> Phases);

/// <summary>
/// One ratio line: a phase's SVIDs per second divided by the rate of its crypto alone (<paramref name="Keys"/> key
/// generations, <paramref name="Signs"/> signatures, <paramref name="Verifies"/> verifications per SVID), on the CPU
/// clock (agent + silo CPU against this process's CPU for the raw crypto) or the wall clock. Cached phases do no crypto:
/// they are set against one signature as a unit of cost.
/// </summary>
internal sealed record WorkloadComparison(string Phase, string BoundName, int Keys, int Signs, int Verifies, bool Cpu)
{
    public static IReadOnlyList<WorkloadComparison> All { get; } =
    [
        new(WorkloadPhases.X509Fresh, "keygen + 2 sign + 2 verify", 1, 2, 2, Cpu: true),
        new(WorkloadPhases.X509Fresh, "keygen + 2 sign + 2 verify", 1, 2, 2, Cpu: false),
        new(WorkloadPhases.JwtFresh, "sign + verify", 0, 1, 1, Cpu: true),
        new(WorkloadPhases.JwtFresh, "sign + verify", 0, 1, 1, Cpu: false),
        new(WorkloadPhases.X509Cached, "sign (unit)", 0, 1, 0, Cpu: true),
        new(WorkloadPhases.X509Cached, "sign (unit)", 0, 1, 0, Cpu: false),
        new(WorkloadPhases.JwtCached, "sign (unit)", 0, 1, 0, Cpu: true),
        new(WorkloadPhases.JwtCached, "sign (unit)", 0, 1, 0, Cpu: false),
    ];

    public string Clock => Cpu ? "cpu" : "wall";

    public double Bound(WorkloadRound round) => round.Raw.Bound(Keys, Signs, Verifies, Cpu);

    public double Ratio(WorkloadRound round)
    {
        var phase = round.Phases[Phase];
        return (Cpu ? phase.PerCpuSecond : phase.PerWallSecond) / Bound(round);
    }
}
