using System.Security.Cryptography.X509Certificates;
using Aims.Core.Identity;

namespace Aims.Core.Credentials;

/// <summary>
/// The X.509 authorities of one trust domain (X509-SVID §6): the trust anchors a relying party uses to
/// validate X509-SVIDs of that trust domain, and only of that trust domain (SPIFFE Federation §4.2).
/// </summary>
public sealed class X509Bundle(TrustDomain trustDomain, IReadOnlyList<X509Certificate2> authorities)
{
    public TrustDomain TrustDomain { get; } = trustDomain ?? throw new ArgumentNullException(nameof(trustDomain));

    /// <summary>CA certificates, usually self-signed roots; an empty list means the trust domain trusts nothing.</summary>
    public IReadOnlyList<X509Certificate2> Authorities { get; } = authorities ?? throw new ArgumentNullException(nameof(authorities));
}
