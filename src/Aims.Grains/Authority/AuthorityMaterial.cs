using System.Security.Cryptography.X509Certificates;
using Aims.Core.Authority;
using Aims.Core.Identity;
using Aims.Grains.Hosting;
using Microsoft.Extensions.Options;

namespace Aims.Grains.Authority;

/// <summary>
/// Silo-wide authority configuration: the key-encryption key, key lifetimes and the optional upstream CA.
/// Turns encrypted snapshots into loaded key rings.
/// </summary>
public sealed class AuthorityMaterial : IDisposable
{
    private readonly KeyEncryptionKey _kek;

    public AuthorityMaterial(IOptions<AimsOptions> options, KeyEncryptionKey kek)
    {
        _kek = kek;
        var o = options.Value;
        TrustDomain = Core.Identity.TrustDomain.Parse(o.TrustDomain);
        Lifetime = new KeyLifetime(o.Authority.KeyLifetime);
        RefreshHint = o.Authority.BundleRefreshHint;
        if (o.Authority.UpstreamCertificateFile is not null)
        {
            Upstream = CertificateAuthorityFactory.LoadUpstream(
                File.ReadAllText(o.Authority.UpstreamCertificateFile),
                File.ReadAllText(o.Authority.UpstreamKeyFile ?? throw new InvalidOperationException("Aims:Authority:UpstreamKeyFile is required with an upstream certificate.")));
            UpstreamRoots = o.Authority.UpstreamRootsFile is null
                ? [Upstream.Certificate]
                : LoadPem(o.Authority.UpstreamRootsFile);
        }
    }

    public TrustDomain TrustDomain { get; }

    public KeyLifetime Lifetime { get; }

    public TimeSpan RefreshHint { get; }

    public CertificateAuthority? Upstream { get; }

    public IReadOnlyList<X509Certificate2> UpstreamRoots { get; } = [];

    /// <summary>The upstream CA certificate and its intermediates: what sits above our CA in every chain.</summary>
    public IReadOnlyList<X509Certificate2> UpstreamChain => Upstream is null
        ? []
        : Upstream.IsRoot ? [] : [Upstream.Certificate, .. Upstream.Intermediates];

    public KeyProtector CreateProtector() => _kek.CreateProtector();

    public AuthorityKeyRing Load(AuthoritySnapshot snapshot)
    {
        var protector = CreateProtector();
        var keys = snapshot.Keys.Select(k => new UnlockedKey(k.ToSlot(), protector.Unprotect(k.ProtectedPrivateKey, k.Kid), k.CertificateDer));
        return AuthorityKeyRing.Load(TrustDomain, snapshot.Sequence, keys, UpstreamChain, UpstreamRoots);
    }

    public void Dispose() => Upstream?.Dispose();

    private static X509Certificate2[] LoadPem(string file)
    {
        var collection = new X509Certificate2Collection();
        collection.ImportFromPemFile(file);
        return [.. collection];
    }
}
