using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Aims.Core.Authority;
using Aims.Grains.Authority;

namespace Aims.Grains.Revocation;

/// <summary>Decrypts the X.509 CA slots of an authority snapshot into usable CAs (certificate + key); the caller owns them.</summary>
internal static class CertificateAuthorityKeys
{
    /// <summary>Every CA slot (prepared, active, retired), each with its kid and whether it is the active one.</summary>
    public static List<(AuthorityKey Slot, CertificateAuthority Authority)> Load(AuthoritySnapshot snapshot, AuthorityMaterial material) =>
        [.. snapshot.Keys.Where(k => k.Kind == KeyKind.X509Authority && k.CertificateDer is not null).Select(k => (k, Unlock(k, material)))];

    public static CertificateAuthority? Load(AuthoritySnapshot snapshot, AuthorityMaterial material, string kid) =>
        snapshot.Keys.FirstOrDefault(k => k.Kind == KeyKind.X509Authority && k.Kid == kid && k.CertificateDer is not null) is { } slot
            ? Unlock(slot, material)
            : null;

    private static CertificateAuthority Unlock(AuthorityKey slot, AuthorityMaterial material)
    {
        var pkcs8 = material.CreateProtector().Unprotect(slot.ProtectedPrivateKey, slot.Kid);
        var key = ECDsa.Create();
        try
        {
            key.ImportPkcs8PrivateKey(pkcs8, out _);
            return new CertificateAuthority(X509CertificateLoader.LoadCertificate(slot.CertificateDer!), key, []);
        }
        catch
        {
            key.Dispose();
            throw;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }
}
