using System.Security.Cryptography.X509Certificates;
using Aims.Core.Authority;
using Aims.Core.Credentials;
using Aims.Core.Identity;
using Aims.Grains.Authority;

namespace Aims.Api.Bundles;

/// <summary>One loaded bundle: the published JSON and PEM, the X.509 trust anchors, and our CA certificates for completing client chains.</summary>
public sealed record CurrentBundle(
    long Sequence,
    string Json,
    string X509AuthoritiesPem,
    X509Bundle X509Bundle,
    IReadOnlyList<X509Certificate2> Intermediates,
    DateTimeOffset LoadedAt)
{
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
        return new CurrentBundle(view.Sequence, view.Json, view.X509AuthoritiesPem, new X509Bundle(trustDomain, [.. roots]), ours, now);
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
