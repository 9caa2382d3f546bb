using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace Aims.Core.OAuth;

/// <summary>
/// The configured <see cref="TrustedIssuer"/>s by exact <c>iss</c>. An issuer not in it is not trusted, however its
/// assertion is signed: there is no discovery of new issuers (RFC 7523 §3 item 1, §7).
/// </summary>
public sealed class TrustedIssuerDirectory
{
    private readonly FrozenDictionary<string, TrustedIssuer> _issuers;

    /// <exception cref="ArgumentException">Two entries have the same <c>iss</c>.</exception>
    public TrustedIssuerDirectory(IEnumerable<TrustedIssuer> issuers)
    {
        ArgumentNullException.ThrowIfNull(issuers);
        var byIssuer = new Dictionary<string, TrustedIssuer>(StringComparer.Ordinal);
        foreach (var issuer in issuers)
        {
            if (!byIssuer.TryAdd(issuer.Issuer, issuer))
                throw new ArgumentException($"Trusted issuer '{issuer.Issuer}' is configured twice.", nameof(issuers));
        }

        _issuers = byIssuer.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public static TrustedIssuerDirectory Empty { get; } = new([]);

    public int Count => _issuers.Count;

    public IEnumerable<TrustedIssuer> All => _issuers.Values;

    /// <summary>The issuer whose configured <c>iss</c> equals <paramref name="issuer"/> exactly.</summary>
    public bool TryFind(string issuer, [MaybeNullWhen(false)] out TrustedIssuer trusted) => _issuers.TryGetValue(issuer, out trusted);
}
