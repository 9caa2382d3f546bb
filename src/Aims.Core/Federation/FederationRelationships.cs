using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using Aims.Core.Identity;

namespace Aims.Core.Federation;

/// <summary>The configured <see cref="FederationRelationship"/>s by foreign trust domain, one per trust domain.</summary>
public sealed class FederationRelationships
{
    private readonly FrozenDictionary<TrustDomain, FederationRelationship> _byTrustDomain;

    /// <exception cref="ArgumentException">Two relationships name the same trust domain.</exception>
    public FederationRelationships(IEnumerable<FederationRelationship> relationships)
    {
        ArgumentNullException.ThrowIfNull(relationships);
        var byTrustDomain = new Dictionary<TrustDomain, FederationRelationship>();
        foreach (var relationship in relationships)
        {
            if (!byTrustDomain.TryAdd(relationship.TrustDomain, relationship))
                throw new ArgumentException($"trust domain '{relationship.TrustDomain}' has two relationships; keep one.", nameof(relationships));
        }

        _byTrustDomain = byTrustDomain.ToFrozenDictionary();
    }

    public static FederationRelationships Empty { get; } = new([]);

    public int Count => _byTrustDomain.Count;

    /// <summary>All relationships, ordered by trust domain name.</summary>
    public IEnumerable<FederationRelationship> All => _byTrustDomain.Values.OrderBy(r => r.TrustDomain.Name, StringComparer.Ordinal);

    public bool TryFind(TrustDomain trustDomain, [MaybeNullWhen(false)] out FederationRelationship relationship) =>
        _byTrustDomain.TryGetValue(trustDomain, out relationship);
}
