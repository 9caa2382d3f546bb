namespace Aims.Core.Policy;

/// <summary>
/// The <c>oauth.transactions</c> section of a rule: an agent the rule matches may start and replace transaction tokens
/// (draft-ietf-oauth-transaction-tokens §6.3: "determine if that workload is authorized to obtain the Txn-Tokens").
/// A rule without it may not; its access tokens can still be presented by another workload that may.
/// </summary>
/// <param name="Ttl">The lifetime of each Txn-Token issued to the agent: "on the order of minutes or less" (draft §10).</param>
/// <param name="SubjectAudiences">
/// Whose access tokens the agent may turn into transactions, beyond those addressed to its own SPIFFE ID: the audiences
/// (exact, or prefix patterns ending in "*") of the external endpoints it fronts. Empty means only its own tokens.
/// </param>
public sealed record TransactionRule(TimeSpan Ttl, IReadOnlyList<string> SubjectAudiences)
{
    public static readonly TimeSpan DefaultTtl = TimeSpan.FromSeconds(300);

    public static readonly TimeSpan MinTtl = TimeSpan.FromSeconds(10);

    /// <summary>A Txn-Token lives no longer than a call chain; fifteen minutes is already generous.</summary>
    public static readonly TimeSpan MaxTtl = TimeSpan.FromMinutes(15);

    public const int MaxSubjectAudiences = 64;

    public bool Equals(TransactionRule? other) =>
        other is not null && Ttl == other.Ttl && SubjectAudiences.SequenceEqual(other.SubjectAudiences, StringComparer.Ordinal);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Ttl);
        foreach (var audience in SubjectAudiences)
            hash.Add(audience, StringComparer.Ordinal);
        return hash.ToHashCode();
    }
}
