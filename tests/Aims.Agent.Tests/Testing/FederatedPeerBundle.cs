using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Aims.Core.Authority;
using Aims.Core.Identity;
using Aims.Core.Jose;

namespace Aims.Agent.Tests.Testing;

/// <summary>A foreign trust domain's bundle as its bundle endpoint serves it: one CA and one jwt-svid key.</summary>
public sealed record FederatedPeerBundle(string Json, byte[] CaDer, string JwtKid)
{
    public static FederatedPeerBundle Create(string trustDomain)
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var jwtKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={trustDomain} ca", caKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(1));
        var kid = "peer-jwt-1";
        var bundle = new SpiffeBundle(TrustDomain.Parse(trustDomain), [ca], [JsonWebKey.FromECDsa(jwtKey, kid)], [], 1, TimeSpan.FromMinutes(5));
        return new FederatedPeerBundle(bundle.ToJson(), ca.RawData, kid);
    }
}
