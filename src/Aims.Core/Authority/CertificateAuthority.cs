using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Aims.Core.Authority;

/// <summary>
/// The active X.509 signing authority of a trust domain: its CA certificate and private key, plus the
/// certificates between it and the root that relying parties trust (X509-SVID §3). With a self-signed root
/// <see cref="Intermediates"/> is empty; under an upstream CA it holds the chain up to (not including) the
/// upstream root.
/// </summary>
public sealed class CertificateAuthority(X509Certificate2 certificate, ECDsa privateKey, IReadOnlyList<X509Certificate2> intermediates)
    : IDisposable
{
    public X509Certificate2 Certificate { get; } = certificate;

    public ECDsa PrivateKey { get; } = privateKey;

    /// <summary>Certificates that sit between <see cref="Certificate"/> and the trust anchor, nearest first.</summary>
    public IReadOnlyList<X509Certificate2> Intermediates { get; } = intermediates;

    /// <summary>True when <see cref="Certificate"/> is itself a trust anchor (self-signed root).</summary>
    public bool IsRoot => Intermediates.Count == 0 && Certificate.SubjectName.RawData.AsSpan().SequenceEqual(Certificate.IssuerName.RawData);

    public void Dispose() => PrivateKey.Dispose();
}
