using Aims.Core.Authority;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Ocsp;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace Aims.Core.Revocation;

/// <summary>
/// One of our CAs as the OCSP responder uses it: it recognises the CertIDs of certificates it issued and signs the
/// answers itself (RFC 6960 §4.2.2.2: the CA that issued the certificate may sign the response). Does not own
/// <paramref name="authority"/>.
/// </summary>
public sealed class OcspIssuer(string kid, CertificateAuthority authority)
{
    private readonly X509Certificate _certificate = new X509CertificateParser().ReadCertificate(authority.Certificate.RawData);

    /// <summary>The CA key's slot id (its certificate serial in lowercase hex), as credential records name their issuer.</summary>
    public string Kid { get; } = kid;

    public CertificateAuthority Authority { get; } = authority;

    internal X509Certificate Certificate => _certificate;

    /// <summary>RFC 6960 §4.2.1 ResponderID byKey: the SHA-1 of the CA's public key.</summary>
    internal RespID ResponderId => new(_certificate.GetPublicKey());

    internal ISignatureFactory SignatureFactory => new EcdsaSignatureFactory(Authority.PrivateKey);

    /// <summary>True when the CertID's issuer name and key hashes are this CA's, under whichever hash the client used.</summary>
    public bool Issued(OcspRequestItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        try
        {
            return item.CertId.MatchesIssuer(_certificate);
        }
        catch (Exception e) when (e is SecurityUtilityException or OcspException or ArgumentException or InvalidOperationException)
        {
            // A hash algorithm we do not know: that CertID cannot name one of our CAs.
            return false;
        }
    }
}
