using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;

namespace Aims.Api.Tests.Testing;

/// <summary>An agent's own P-256 key pair, made here with the BCL only: its CSR and its public JWK.</summary>
public sealed class AgentKey : IDisposable
{
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    /// <summary>A PKCS#10 request signed with this key (PEM "CERTIFICATE REQUEST").</summary>
    public string CsrPem() => Request().CreateSigningRequestPem();

    /// <summary>ES256 over <paramref name="data"/> in JWS form (r‖s), for assertions the agent signs itself.</summary>
    public byte[] SignJws(byte[] data) =>
        _key.SignData(data, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    public byte[] CsrDer() => Request().CreateSigningRequest();

    /// <summary>This key as the signer of WPTs (draft-ietf-wimse-wpt) for a WIT bound to <see cref="PublicJwk"/>.</summary>
    public Aims.Core.Wimse.WptSigner ProofSigner() => Aims.Core.Wimse.WptSigner.FromECDsa(_key);

    /// <summary>The public key as an RFC 7517 JWK, built from the raw point, <c>alg</c> ES256.</summary>
    public JsonObject PublicJwk()
    {
        var p = _key.ExportParameters(includePrivateParameters: false);
        return new JsonObject
        {
            ["kty"] = "EC",
            ["crv"] = "P-256",
            ["x"] = Base64Url(p.Q.X!),
            ["y"] = Base64Url(p.Q.Y!),
            ["alg"] = "ES256",
        };
    }

    /// <summary>The JWK including the private scalar <c>d</c>, which must never be accepted.</summary>
    public JsonObject PrivateJwk()
    {
        var jwk = PublicJwk();
        jwk["d"] = Base64Url(_key.ExportParameters(includePrivateParameters: true).D!);
        return jwk;
    }

    public static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public void Dispose() => _key.Dispose();

    private CertificateRequest Request() => new("CN=agent", _key, HashAlgorithmName.SHA256);
}
