namespace Aims.Core.Policy;

/// <summary>The outcome of <see cref="PolicyEvaluator.EvaluateTransaction"/>.</summary>
/// <param name="Reason">Which rule matched and, on a denial, what it did not allow.</param>
/// <param name="Ttl">The lifetime of the Txn-Token; zero on a denial.</param>
/// <param name="RuleIndex">The position of the first rule that matched the client, or null when none did.</param>
public sealed record TransactionPolicyDecision(bool Allowed, string Reason, TimeSpan Ttl, int? RuleIndex)
{
    public override string ToString() => (Allowed ? "allowed: " : "denied: ") + Reason;
}
