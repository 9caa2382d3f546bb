namespace Aims.Bench.Http;

/// <summary>
/// One ratio line: a grant type's throughput divided by a crypto bound of <paramref name="Verifies"/> verifications and
/// <paramref name="Signs"/> signatures, on the CPU clock (silo CPU against this process's CPU for the raw crypto) or the
/// wall clock. <paramref name="Target"/> null means the line informs and has no verdict.
/// </summary>
internal sealed record HttpComparison(string Phase, string BoundName, int Verifies, int Signs, bool Cpu, double? Target)
{
    /// <summary>The lines every run prints; the first two carry the target of the task (≥ 40 % of verify + sign).</summary>
    public static IReadOnlyList<HttpComparison> All { get; } =
    [
        new(HttpPhases.ClientCredentials, "verify + sign", 1, 1, Cpu: true, 0.40),
        new(HttpPhases.ClientCredentials, "verify + sign", 1, 1, Cpu: false, null),
        new(HttpPhases.Exchange, "verify + sign", 1, 1, Cpu: true, 0.40),
        new(HttpPhases.Exchange, "verify + sign", 1, 1, Cpu: false, null),

        // What the silo actually signs and verifies: client_credentials verifies the assertion, signs the token and
        // verifies it once more before it leaves (mint, then verify); an exchange also verifies the subject token.
        new(HttpPhases.ClientCredentials, "2 verify + sign", 2, 1, Cpu: true, null),
        new(HttpPhases.Exchange, "3 verify + sign", 3, 1, Cpu: true, null),

        // A transaction token is started from an access token: the assertion and the subject token are verified, the
        // Txn-Token signed (and verified once per signing key). No target: the task asks for the ratio.
        new(HttpPhases.TxnToken, "verify + sign", 1, 1, Cpu: true, null),
        new(HttpPhases.TxnToken, "verify + sign", 1, 1, Cpu: false, null),
        new(HttpPhases.TxnToken, "2 verify + sign", 2, 1, Cpu: true, null),
    ];

    public string Clock => Cpu ? "cpu" : "wall";

    public double Ratio(HttpRound round)
    {
        var phase = round.Phase(Phase);
        return (Cpu ? phase.PerCpuSecond : phase.PerWallSecond) / round.Bound(Verifies, Signs, Cpu);
    }
}
