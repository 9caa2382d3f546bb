using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Aims.Core.Authority;
using Aims.Core.Identity;
using Aims.Core.Jose;

namespace Aims.Agent.Tests.Testing;

/// <summary>A foreign trust domain's bundle as its bundle endpoint serves it: one CA and one jwt-svid key.</summary>
public sealed record FederatedPeerBundle(string Json, byte[] CaDer, string JwtKid, byte[] JwtKeyPkcs8)
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
        return new FederatedPeerBundle(bundle.ToJson(), ca.RawData, kid, jwtKey.ExportPkcs8PrivateKey());
    }

    /// <summary>An ES256 JWT-SVID of <paramref name="subject"/> signed with this peer's jwt-svid key, as its fabric would mint it.</summary>
    public string SignJwtSvid(string subject, string audience, DateTimeOffset now)
    {
        using var key = ECDsa.Create();
        key.ImportPkcs8PrivateKey(JwtKeyPkcs8, out _);
        var header = Base64Url.Encode(System.Text.Encoding.UTF8.GetBytes($$"""{"alg":"ES256","kid":"{{JwtKid}}","typ":"JWT"}"""));
        var payload = Base64Url.Encode(System.Text.Encoding.UTF8.GetBytes(
            $$"""{"sub":"{{subject}}","aud":"{{audience}}","iat":{{now.ToUnixTimeSeconds()}},"exp":{{now.AddMinutes(5).ToUnixTimeSeconds()}}}"""));
        var signature = key.SignData(System.Text.Encoding.ASCII.GetBytes($"{header}.{payload}"), HashAlgorithmName.SHA256);
        return $"{header}.{payload}.{Base64Url.Encode(signature)}";
    }
}
