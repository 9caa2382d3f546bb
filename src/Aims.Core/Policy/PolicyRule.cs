namespace Aims.Core.Policy;

/// <summary>One rule of a policy: the SPIFFE IDs it covers and what it grants them.</summary>
/// <param name="Audiences">
/// Allowed JWT-SVID audiences: exact strings, or patterns ending in "*" that match by prefix ("*" alone matches any).
/// Empty means the rule allows no JWT-SVIDs.
/// </param>
public sealed record PolicyRule(
    SpiffeIdPattern Match,
    AttestationRequirement Attestation,
    TimeSpan X509SvidTtl,
    TimeSpan JwtSvidTtl,
    TimeSpan WitTtl,
    IReadOnlyList<string> Audiences)
{
    public bool Equals(PolicyRule? other) =>
        other is not null
        && Match.Equals(other.Match)
        && Attestation.Equals(other.Attestation)
        && X509SvidTtl == other.X509SvidTtl
        && JwtSvidTtl == other.JwtSvidTtl
        && WitTtl == other.WitTtl
        && Audiences.SequenceEqual(other.Audiences, StringComparer.Ordinal);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Match);
        hash.Add(Attestation);
        hash.Add(X509SvidTtl);
        hash.Add(JwtSvidTtl);
        hash.Add(WitTtl);
        foreach (var audience in Audiences)
            hash.Add(audience, StringComparer.Ordinal);
        return hash.ToHashCode();
    }
}
