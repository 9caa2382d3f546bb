using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Aims.Core.Credentials;
using Aims.Core.Identity;
using Aims.Core.Jose;

namespace Aims.Core.Authority;

/// <summary>
/// The loaded signing material of a trust domain at one bundle sequence: the active CA and JWT/WIT keys for
/// issuers, and the bundles that validators (including mint-then-verify) check against. Not thread-safe.
/// </summary>
public sealed class AuthorityKeyRing : IDisposable
{
    private readonly List<IDisposable> _owned = [];

    private AuthorityKeyRing(TrustDomain trustDomain, long sequence)
    {
        TrustDomain = trustDomain;
        Sequence = sequence;
    }

    public TrustDomain TrustDomain { get; }

    public long Sequence { get; }

    public CertificateAuthority? ActiveCertificateAuthority { get; private set; }

    public SigningCredential? ActiveJwtKey { get; private set; }

    public SigningCredential? ActiveWitKey { get; private set; }

    /// <summary>The authorization server's signing key (access tokens, transaction tokens, SETs).</summary>
    public SigningCredential? ActiveOAuthKey { get; private set; }

    public X509Bundle X509Bundle { get; private set; } = null!;

    public JwtBundle JwtBundle { get; private set; } = null!;

    public JwtBundle WitBundle { get; private set; } = null!;

    /// <summary>The authorization server's public keys by kid, for validating its own tokens.</summary>
    public JwtBundle OAuthKeys { get; private set; } = null!;

    /// <summary>Public JWKs (with kid) of every published JWT-SVID key.</summary>
    public IReadOnlyList<JsonWebKey> JwtAuthorities { get; private set; } = [];

    public IReadOnlyList<JsonWebKey> WitAuthorities { get; private set; } = [];

    /// <summary>Public JWKs (<c>use: sig</c>) of the authorization server, served at <c>/oauth2/jwks</c>.</summary>
    public IReadOnlyList<JsonWebKey> OAuthJwks { get; private set; } = [];

    /// <summary>
    /// Builds the ring. <paramref name="upstreamChain"/> is the upstream CA and its intermediates (nearest
    /// first) and <paramref name="upstreamRoots"/> the roots that trust them; both empty for a self-signed root.
    /// </summary>
    public static AuthorityKeyRing Load(
        TrustDomain trustDomain,
        long sequence,
        IEnumerable<UnlockedKey> keys,
        IReadOnlyList<X509Certificate2> upstreamChain,
        IReadOnlyList<X509Certificate2> upstreamRoots)
    {
        var ring = new AuthorityKeyRing(trustDomain, sequence);
        var x509Authorities = new List<X509Certificate2>(upstreamRoots);
        var jwt = new List<JsonWebKey>();
        var wit = new List<JsonWebKey>();
        var jwtPublic = new Dictionary<string, ECDsa>(StringComparer.Ordinal);
        var witPublic = new Dictionary<string, ECDsa>(StringComparer.Ordinal);
        var oauth = new List<JsonWebKey>();
        var oauthPublic = new Dictionary<string, ECDsa>(StringComparer.Ordinal);

        foreach (var key in keys)
        {
            var slot = key.Slot;
            switch (slot.Kind)
            {
                case KeyKind.X509Authority:
                    var cert = ring.Own(X509CertificateLoader.LoadCertificate(key.CertificateDer
                        ?? throw new CryptographicException($"CA slot {slot.Kid} has no certificate.")));
                    if (upstreamRoots.Count == 0)
                        x509Authorities.Add(cert);
                    if (slot.State == KeySlotState.Active)
                        ring.ActiveCertificateAuthority = ring.Own(new CertificateAuthority(cert, ImportPrivate(key), upstreamChain));
                    break;
                case KeyKind.JwtSvid:
                    ring.AddJwtKey(key, jwt, jwtPublic, SpiffeBundle.JwtSvidUse, active => ring.ActiveJwtKey = active);
                    break;
                case KeyKind.Wit:
                    ring.AddJwtKey(key, wit, witPublic, SpiffeBundle.WitSvidUse, active => ring.ActiveWitKey = active);
                    break;
                case KeyKind.OAuth:
                    ring.AddJwtKey(key, oauth, oauthPublic, "sig", active => ring.ActiveOAuthKey = active);
                    break;
            }
        }

        ring.X509Bundle = new X509Bundle(trustDomain, x509Authorities);
        ring.JwtBundle = new JwtBundle(trustDomain, jwtPublic);
        ring.WitBundle = new JwtBundle(trustDomain, witPublic);
        ring.OAuthKeys = new JwtBundle(trustDomain, oauthPublic);
        ring.JwtAuthorities = jwt;
        ring.WitAuthorities = wit;
        ring.OAuthJwks = oauth;
        return ring;
    }

    public SpiffeBundle ToBundle(TimeSpan refreshHint) =>
        new(TrustDomain, X509Bundle.Authorities, JwtAuthorities, WitAuthorities, Sequence, refreshHint);

    public void Dispose()
    {
        foreach (var owned in _owned)
            owned.Dispose();
    }

    private void AddJwtKey(UnlockedKey key, List<JsonWebKey> published, Dictionary<string, ECDsa> verification, string use, Action<SigningCredential> setActive)
    {
        var privateKey = ImportPrivate(key);
        var publicKey = Own(ECDsa.Create(privateKey.ExportParameters(includePrivateParameters: false)));
        verification[key.Slot.Kid] = publicKey;
        published.Add(JsonWebKey.FromECDsa(publicKey, key.Slot.Kid, use, JwsAlgorithms.ES256));
        if (key.Slot.State == KeySlotState.Active)
            setActive(Own(new SigningCredential(key.Slot.Kid, privateKey, key.Slot.NotAfter)));
        else
            privateKey.Dispose();
    }

    private static ECDsa ImportPrivate(UnlockedKey key)
    {
        var ecdsa = ECDsa.Create();
        ecdsa.ImportPkcs8PrivateKey(key.Pkcs8PrivateKey, out _);
        CryptographicOperations.ZeroMemory(key.Pkcs8PrivateKey);
        return ecdsa;
    }

    private T Own<T>(T disposable)
        where T : IDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }
}
