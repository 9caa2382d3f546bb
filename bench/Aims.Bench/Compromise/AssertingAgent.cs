using System.Buffers.Text;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;

namespace Aims.Bench.Compromise;

/// <summary>
/// An agent of the compromise benchmark: its own P-256 key, whose CSR gets it an X509-SVID at attestation, after which
/// it signs its own client assertions with that key (private_key_jwt, RFC 7523 §2.2; the silo finds the key by its
/// RFC 7638 thumbprint). No assertion needs a call to the silo, and none adds to the agent's state.
/// </summary>
/// <remarks>
/// Not JWT-SVIDs from <c>POST /v1/svid/jwt</c> as <c>http</c> uses: the agent grain keeps every unexpired JWT-SVID it
/// issued in its state, which on Azure Table storage passes the 1 MB entity limit at about 6,800 of them; from then on
/// every write of the agent fails, the compromise's included (bench/README.md, "The compromise").
/// </remarks>
internal sealed class AssertingAgent(string id) : IDisposable
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(9);

    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private string? _kid;

    /// <summary>The SPIFFE ID, which is also the client_id.</summary>
    public string Id { get; } = id;

    public string CsrPem() => new CertificateRequest("CN=aims-bench-agent", _key, HashAlgorithmName.SHA256).CreateSigningRequestPem();

    /// <summary>
    /// A single-use client assertion for <paramref name="audience"/> (the token endpoint): <c>iss</c> = <c>sub</c> =
    /// client_id, a fresh <c>jti</c>, valid for nine minutes (under the ten-minute cap) from <paramref name="now"/>.
    /// </summary>
    public string Assertion(string audience, DateTimeOffset now)
    {
        var header = new JsonObject { ["alg"] = "ES256", ["typ"] = "JWT", ["kid"] = Kid() };
        var claims = new JsonObject
        {
            ["iss"] = Id,
            ["sub"] = Id,
            ["aud"] = audience,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = (now + Lifetime).ToUnixTimeSeconds(),
            ["jti"] = Guid.NewGuid().ToString("N"),
        };
        var input = Part(header) + "." + Part(claims);
        var signature = _key.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return input + "." + Base64Url.EncodeToString(signature);
    }

    public void Dispose() => _key.Dispose();

    /// <summary>RFC 7638 thumbprint of the public key: the members crv, kty, x, y in that order.</summary>
    private string Kid()
    {
        if (_kid is null)
        {
            var p = _key.ExportParameters(includePrivateParameters: false);
            var canonical = $"{{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"{Base64Url.EncodeToString(p.Q.X)}\",\"y\":\"{Base64Url.EncodeToString(p.Q.Y)}\"}}";
            _kid = Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
        }

        return _kid;
    }

    private static string Part(JsonObject json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json.ToJsonString()));
}
