namespace Aims.Bench.Http;

/// <summary>What one round measured: the raw crypto bound, the two grant types and transaction tokens over HTTP.</summary>
internal sealed record HttpRound(PhaseSample Sign, PhaseSample Verify, PhaseSample ClientCredentials, PhaseSample Exchange, PhaseSample TxnToken)
{
    public PhaseSample Phase(string name) => name switch
    {
        HttpPhases.Sign => Sign,
        HttpPhases.Verify => Verify,
        HttpPhases.ClientCredentials => ClientCredentials,
        HttpPhases.Exchange => Exchange,
        HttpPhases.TxnToken => TxnToken,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no such phase"),
    };

    /// <summary>
    /// Operations per second of a sequence of <paramref name="verifies"/> verifications and <paramref name="signs"/>
    /// signatures, from this round's raw rates: <c>1 / (verifies/verify + signs/sign)</c>.
    /// </summary>
    public double Bound(int verifies, int signs, bool cpu)
    {
        double Rate(PhaseSample s) => cpu ? s.PerCpuSecond : s.PerWallSecond;
        return 1 / ((verifies / Rate(Verify)) + (signs / Rate(Sign)));
    }
}
