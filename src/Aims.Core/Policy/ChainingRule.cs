namespace Aims.Core.Policy;

/// <summary>
/// The <c>oauth.chaining</c> section of a rule: an agent the rule matches may obtain JWT authorization grants for the
/// listed partner authorization servers (draft-ietf-oauth-identity-chaining §2.3: the authorization server of the
/// client's own domain decides whether to issue one). A rule without it may not chain at all.
/// </summary>
/// <param name="Partners">
/// Issuer identifiers of partner authorization servers (exact, or prefix patterns ending in "*"); each must also be a
/// configured chaining partner (<c>Aims:OAuth:ChainingPartners</c>) to be reachable.
/// </param>
/// <param name="Scopes">
/// The ceiling on a grant's scope: exact scope tokens, or "*" for whatever the subject token holds. A grant's scope
/// is the requested scope within this list and within the subject token's scope.
/// </param>
public sealed record ChainingRule(IReadOnlyList<string> Partners, IReadOnlyList<string> Scopes)
{
    public const int MaxPartners = 32;

    public bool Equals(ChainingRule? other) =>
        other is not null
        && Partners.SequenceEqual(other.Partners, StringComparer.Ordinal)
        && Scopes.SequenceEqual(other.Scopes, StringComparer.Ordinal);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var partner in Partners)
            hash.Add(partner, StringComparer.Ordinal);
        hash.Add(Partners.Count);
        foreach (var scope in Scopes)
            hash.Add(scope, StringComparer.Ordinal);
        return hash.ToHashCode();
    }
}
