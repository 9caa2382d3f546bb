using System.Diagnostics.CodeAnalysis;

namespace Aims.Core.OAuth.Chaining;

/// <summary>
/// The configured <see cref="ChainingPartner"/>s. A target no partner is named by gets no grant: there is no discovery
/// of new authorization servers (draft-ietf-oauth-identity-chaining §2.3.2: an unknown target is denied).
/// </summary>
public sealed class ChainingPartnerDirectory
{
    private readonly ChainingPartner[] _partners;

    /// <exception cref="ArgumentException">An issuer or token endpoint names two partners (or one twice).</exception>
    public ChainingPartnerDirectory(IEnumerable<ChainingPartner> partners)
    {
        ArgumentNullException.ThrowIfNull(partners);
        _partners = [.. partners];
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var partner in _partners)
        {
            foreach (var name in new[] { partner.Issuer, partner.TokenEndpoint })
            {
                if (name is not null && !names.Add(name))
                    throw new ArgumentException($"Chaining partner name '{name}' is configured twice.", nameof(partners));
            }
        }
    }

    public static ChainingPartnerDirectory Empty { get; } = new([]);

    public int Count => _partners.Length;

    public IReadOnlyList<ChainingPartner> All => _partners;

    /// <summary>The partner whose issuer identifier or token endpoint equals <paramref name="target"/> exactly.</summary>
    public bool TryFind(string target, [MaybeNullWhen(false)] out ChainingPartner partner)
    {
        partner = _partners.FirstOrDefault(p => p.IsNamedBy(target));
        return partner is not null;
    }
}
