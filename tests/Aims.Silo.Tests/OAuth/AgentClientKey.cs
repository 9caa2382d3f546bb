using System.Buffers.Text;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;

namespace Aims.Silo.Tests.OAuth;

/// <summary>
/// An agent's own P-256 key: the CSR that gets it an X509-SVID, and the private_key_jwt client assertions
/// (RFC 7523 §2.2) it signs afterwards. The silo knows the key from the CSR, so no secret is ever registered.
/// </summary>
internal sealed class AgentClientKey : IDisposable
{
    private const string JwtBearer = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public string CsrPem() => new CertificateRequest("CN=aims-delegating-agent", _key, HashAlgorithmName.SHA256).CreateSigningRequestPem();

    /// <summary>PKCS#8 PEM of the private key, for a client library (oauth4webapi) that signs its own assertions.</summary>
    public string PrivateKeyPem() => _key.ExportPkcs8PrivateKeyPem();

    /// <summary>The RFC 7638 thumbprint of the public key: the <c>kid</c> the silo files the key under.</summary>
    public string Kid()
    {
        var p = _key.ExportParameters(includePrivateParameters: false);
        var canonical = $"{{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"{Base64Url.EncodeToString(p.Q.X)}\",\"y\":\"{Base64Url.EncodeToString(p.Q.Y)}\"}}";
        return Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    /// <summary>The two form fields of client authentication with a fresh assertion (each one is single-use).</summary>
    public (string Name, string Value)[] ClientAuthentication(string clientId, string audience) =>
    [
        ("client_assertion_type", JwtBearer),
        ("client_assertion", Assertion(clientId, audience)),
    ];

    /// <summary>RFC 7523 §3: iss = sub = client_id, aud = the token endpoint, a short exp and a unique jti.</summary>
    public string Assertion(string clientId, string audience)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = new JsonObject { ["alg"] = "ES256", ["typ"] = "JWT", ["kid"] = Kid() };
        var claims = new JsonObject
        {
            ["iss"] = clientId,
            ["sub"] = clientId,
            ["aud"] = audience,
            ["iat"] = now,
            ["exp"] = now + 60,
            ["jti"] = Guid.NewGuid().ToString("N"),
        };
        var input = Part(header) + "." + Part(claims);
        var signature = _key.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return input + "." + Base64Url.EncodeToString(signature);
    }

    public void Dispose() => _key.Dispose();

    private static string Part(JsonObject json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json.ToJsonString()));
}
