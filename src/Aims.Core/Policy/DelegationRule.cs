using Aims.Core.Identity;

namespace Aims.Core.Policy;

/// <summary>Whether an agent may act for another subject through token exchange (RFC 8693), and how.</summary>
/// <param name="Allowed">Whether the agent may be the actor of a delegated token, i.e. appear in its <c>act</c> claim.</param>
/// <param name="MaxDepth">
/// The deepest <c>act</c> chain (RFC 8693 §4.1) a token issued to the agent may carry: 1 means the agent acts directly for
/// the subject, 2 means for an actor that acts for the subject, and so on.
/// </param>
/// <param name="Impersonation">
/// Whether the agent may get a token as the subject itself, with no <c>act</c> claim recording it (RFC 8693 §1.1).
/// The parser accepts it only together with <paramref name="Allowed"/>.
/// </param>
public sealed record DelegationRule(bool Allowed, int MaxDepth, bool Impersonation)
{
    /// <summary>
    /// The other direction: the agents that may act for an agent this rule matches (RFC 8693 §4.4 <c>may_act</c>),
    /// exact SPIFFE IDs. Empty means the rule does not restrict who acts for it. When it names exactly one, that
    /// agent's client_credentials tokens carry <c>may_act</c>; a token exchange also checks the list itself. An
    /// init-only member so that rules written before it keep compiling and comparing.
    /// </summary>
    public IReadOnlyList<SpiffeId> MayAct { get; init; } = [];

    public bool Equals(DelegationRule? other) =>
        other is not null
        && Allowed == other.Allowed
        && MaxDepth == other.MaxDepth
        && Impersonation == other.Impersonation
        && MayAct.SequenceEqual(other.MayAct);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Allowed);
        hash.Add(MaxDepth);
        hash.Add(Impersonation);
        foreach (var party in MayAct)
            hash.Add(party);
        return hash.ToHashCode();
    }
}
