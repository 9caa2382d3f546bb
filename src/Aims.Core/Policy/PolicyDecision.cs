namespace Aims.Core.Policy;

/// <summary>The outcome of <see cref="PolicyEvaluator.Evaluate"/>.</summary>
/// <param name="Reason">Human-readable: which rule matched and, on a denial, what it did not allow.</param>
/// <param name="Rule">The first rule that matched the SPIFFE ID, or null when none did.</param>
/// <param name="RuleIndex">The position of <paramref name="Rule"/> in the policy, or null when none matched.</param>
public sealed record PolicyDecision(bool Allowed, string Reason, PolicyRule? Rule, int? RuleIndex)
{
    /// <exception cref="InvalidOperationException">The decision is a denial.</exception>
    public TimeSpan X509SvidTtl => AllowingRule.X509SvidTtl;

    /// <exception cref="InvalidOperationException">The decision is a denial.</exception>
    public TimeSpan JwtSvidTtl => AllowingRule.JwtSvidTtl;

    /// <exception cref="InvalidOperationException">The decision is a denial.</exception>
    public TimeSpan WitTtl => AllowingRule.WitTtl;

    // A denial has no credential lifetime; asking for one means the caller skipped the Allowed check.
    private PolicyRule AllowingRule =>
        Allowed && Rule is not null ? Rule : throw new InvalidOperationException($"A denied policy decision has no TTL: {Reason}");

    public override string ToString() => (Allowed ? "allowed: " : "denied: ") + Reason;
}
