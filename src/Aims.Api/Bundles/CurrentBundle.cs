using System.Security.Cryptography.X509Certificates;
using Aims.Core.Authority;
using Aims.Core.Credentials;
using Aims.Core.Identity;
using Aims.Core.Jose;
using Aims.Grains.Authority;

namespace Aims.Api.Bundles;

/// <summary>One loaded bundle: the published JSON and PEM, the X.509 trust anchors, and our CA certificates for completing client chains.</summary>
public sealed record CurrentBundle(
    long Sequence,
    string Json,
    string X509AuthoritiesPem,
    string OAuthJwksJson,
    X509Bundle X509Bundle,
    IReadOnlyList<X509Certificate2> Intermediates,
    DateTimeOffset LoadedAt)
{
    /// <summary>The jwt-svid keys of the local trust domain (for JWT-SVIDs presented as client assertions).</summary>
    public JwtBundle JwtSvidKeys { get; private init; } = null!;

    /// <summary>The wit-svid keys of the local trust domain (for WITs presented with a WPT on the agent endpoints).</summary>
    public JwtBundle WitKeys { get; private init; } = null!;

    /// <summary>The authorization server's own keys (for introspecting and revoking its access tokens).</summary>
    public JwtBundle OAuthKeys { get; private init; } = null!;

    public static CurrentBundle From(TrustDomain trustDomain, TrustBundleView view, AuthoritySnapshot snapshot, DateTimeOffset now)
    {
        var roots = new X509Certificate2Collection();
        roots.ImportFromPem(view.X509AuthoritiesPem);
        var ours = snapshot.Keys
            .Where(k => k.Kind == KeyKind.X509Authority && k.CertificateDer is not null)
            .Select(k => X509CertificateLoader.LoadCertificate(k.CertificateDer!))
            .Concat(snapshot.UpstreamChainDer.Select(X509CertificateLoader.LoadCertificate))
            .Where(c => !roots.Contains(c))
            .ToList();
        return new CurrentBundle(view.Sequence, view.Json, view.X509AuthoritiesPem, view.OAuthJwksJson, new X509Bundle(trustDomain, [.. roots]), ours, now)
        {
            JwtSvidKeys = JwtBundle.FromJwks(trustDomain, Keys(view.Json), SpiffeBundle.JwtSvidUse),
            WitKeys = JwtBundle.FromJwks(trustDomain, Keys(view.Json), SpiffeBundle.WitSvidUse),
            OAuthKeys = JwtBundle.FromJwks(trustDomain, Keys(view.OAuthJwksJson), "sig"),
        };
    }

    private static IEnumerable<JsonWebKey> Keys(string jwkSetJson)
    {
        using var document = System.Text.Json.JsonDocument.Parse(jwkSetJson);
        return [.. document.RootElement.GetProperty("keys").EnumerateArray()
            .Select(k => System.Text.Json.JsonSerializer.Deserialize<JsonWebKey>(k.GetRawText())!)];
    }

    /// <summary>The presented leaf followed by whichever of our intermediates lead from it to a trust anchor.</summary>
    public IReadOnlyList<X509Certificate2> CompleteChain(X509Certificate2 leaf)
    {
        var chain = new List<X509Certificate2> { leaf };
        var current = leaf;
        for (var depth = 0; depth < 4; depth++)
        {
            var issuer = Intermediates.FirstOrDefault(c => c.SubjectName.RawData.AsSpan().SequenceEqual(current.IssuerName.RawData) && !ReferenceEquals(c, current));
            if (issuer is null)
                break;
            chain.Add(issuer);
            current = issuer;
        }

        return chain;
    }
}
