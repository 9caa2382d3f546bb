using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Aims.Core.Authority;
using Aims.Core.Credentials;
using Aims.Core.Jose;
using Aims.Grains.Authority;

namespace Aims.Grains.Tests.Cluster;

/// <summary>
/// A trust bundle as a relying party sees it: read back from the JSON and PEM the authority publishes, so a test
/// validates issued credentials with the validators relying parties use, not with the authority's own key ring.
/// </summary>
public sealed class PublishedBundle
{
    private PublishedBundle(X509Bundle x509, JwtBundle jwt, JwtBundle wit, IReadOnlyList<JsonWebKey> keys)
    {
        X509 = x509;
        Jwt = jwt;
        Wit = wit;
        Keys = keys;
    }

    public X509Bundle X509 { get; }

    public JwtBundle Jwt { get; }

    public JwtBundle Wit { get; }

    /// <summary>Every entry of the JWK Set, in document order.</summary>
    public IReadOnlyList<JsonWebKey> Keys { get; }

    public static PublishedBundle From(TrustBundleView view)
    {
        using var document = JsonDocument.Parse(view.Json);
        var keys = document.RootElement.GetProperty("keys").Deserialize<List<JsonWebKey>>()
            ?? throw new InvalidOperationException("The bundle has no keys array.");
        var roots = new X509Certificate2Collection();
        roots.ImportFromPem(view.X509AuthoritiesPem);
        var trustDomain = AimsClusterFixture.TrustDomain;
        return new PublishedBundle(
            new X509Bundle(trustDomain, [.. roots]),
            JwtBundle.FromJwks(trustDomain, keys, SpiffeBundle.JwtSvidUse),
            JwtBundle.FromJwks(trustDomain, keys, SpiffeBundle.WitSvidUse),
            keys);
    }

    public static async Task<PublishedBundle> FetchAsync(IGrainFactory grains) =>
        From(await grains.GetGrain<ITrustDomainAuthorityGrain>(GrainKeys.Authority(AimsClusterFixture.TrustDomain)).GetBundleAsync());
}
