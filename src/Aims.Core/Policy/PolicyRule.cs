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
    /// <summary>
    /// The access tokens the rule allows (the <c>oauth</c> section), or null when it allows none. An init-only member
    /// rather than a constructor parameter, so that rules written before OAuth keep compiling and deconstructing.
    /// </summary>
    public OAuthRule? OAuth { get; init; }

    public bool Equals(PolicyRule? other) =>
        other is not null
        && Match.Equals(other.Match)
        && Attestation.Equals(other.Attestation)
        && X509SvidTtl == other.X509SvidTtl
        && JwtSvidTtl == other.JwtSvidTtl
        && WitTtl == other.WitTtl
        && Audiences.SequenceEqual(other.Audiences, StringComparer.Ordinal)
        && EqualityComparer<OAuthRule?>.Default.Equals(OAuth, other.OAuth);

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
        hash.Add(OAuth);
        return hash.ToHashCode();
    }
}
