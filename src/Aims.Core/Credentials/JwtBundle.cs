using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Aims.Core.Identity;
using Aims.Core.Jose;

namespace Aims.Core.Credentials;

/// <summary>
/// The JWT authorities of one trust domain for one SVID type (<c>jwt-svid</c> or <c>wit-svid</c> keys of a
/// SPIFFE bundle), by <c>kid</c>. JWT and WIT keys live in separate bundles: a key of one use never validates
/// the other (SPIFFE Workload API §6.2.2, WIT-SVID §6.2).
/// </summary>
public sealed class JwtBundle
{
    /// <summary>JWK <c>use</c> of JWT-SVID authorities (JWT-SVID §6).</summary>
    public const string JwtSvidUse = "jwt-svid";

    /// <summary>JWK <c>use</c> of WIT-SVID authorities (WIT-SVID §6).</summary>
    public const string WitSvidUse = "wit-svid";

    private readonly FrozenDictionary<string, ECDsa> _keys;

    public JwtBundle(TrustDomain trustDomain, IReadOnlyDictionary<string, ECDsa> keys)
    {
        ArgumentNullException.ThrowIfNull(trustDomain);
        ArgumentNullException.ThrowIfNull(keys);
        foreach (var (kid, key) in keys)
        {
            if (string.IsNullOrEmpty(kid))
                throw new ArgumentException("Every JWT authority needs a kid (JWT-SVID §6).", nameof(keys));
            if (key is null)
                throw new ArgumentException($"JWT authority '{kid}' has no key.", nameof(keys));
        }

        TrustDomain = trustDomain;
        _keys = keys.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public TrustDomain TrustDomain { get; }

    public IReadOnlyCollection<string> KeyIds => _keys.Keys;

    public bool TryGetKey(string kid, [MaybeNullWhen(false)] out ECDsa key) => _keys.TryGetValue(kid, out key);

    /// <summary>
    /// Keeps the JWKs whose <c>use</c> equals <paramref name="use"/>; others, and keys of a type this
    /// implementation cannot verify (RSA), are ignored (SPIFFE Trust Domain and Bundle §4.2). A kept key without
    /// <c>kid</c>, with a repeated <c>kid</c>, or that is not a valid EC public key makes the bundle invalid.
    /// </summary>
    public static JwtBundle FromJwks(TrustDomain trustDomain, IEnumerable<JsonWebKey> keys, string use)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentException.ThrowIfNullOrEmpty(use);
        var selected = new Dictionary<string, ECDsa>(StringComparer.Ordinal);
        foreach (var jwk in keys)
        {
            if (jwk is null || !string.Equals(jwk.Use, use, StringComparison.Ordinal) || jwk.Kty != "EC")
                continue;
            if (string.IsNullOrEmpty(jwk.Kid))
                throw new ArgumentException($"A '{use}' key of trust domain '{trustDomain}' has no kid (JWT-SVID §6, WIT-SVID §6).", nameof(keys));
            if (selected.ContainsKey(jwk.Kid))
                throw new ArgumentException($"kid '{jwk.Kid}' appears twice among the '{use}' keys of trust domain '{trustDomain}'.", nameof(keys));

            selected.Add(jwk.Kid, jwk.ToECDsa()
                ?? throw new ArgumentException($"'{use}' key '{jwk.Kid}' is not a valid public P-256, P-384 or P-521 key.", nameof(keys)));
        }

        return new JwtBundle(trustDomain, selected);
    }
}
