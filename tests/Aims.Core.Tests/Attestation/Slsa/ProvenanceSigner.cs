using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Aims.Core.Attestation.Slsa;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace Aims.Core.Tests.Attestation.Slsa;

/// <summary>A build platform made with test keys: it writes SLSA provenance and signs DSSE envelopes with ECDSA P-256 or Ed25519.</summary>
internal sealed class ProvenanceSigner : IDisposable
{
    public const string BuilderId = "https://github.com/slsa-framework/slsa-github-generator/.github/workflows/generator_container_slsa3.yml@refs/tags/v2.0.0";
    public const string Source = "git+https://github.com/acme/payments@refs/heads/main";

    private readonly Ed25519PrivateKeyParameters _ed25519;

    public ProvenanceSigner()
    {
        var generator = new Ed25519KeyPairGenerator();
        generator.Init(new Ed25519KeyGenerationParameters(new SecureRandom()));
        var pair = generator.GenerateKeyPair();
        _ed25519 = (Ed25519PrivateKeyParameters)pair.Private;
        var spki = SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(pair.Public).GetDerEncoded();
        Ed25519PublicKeyPem = new string(PemEncoding.Write("PUBLIC KEY", spki));
    }

    public ECDsa Ecdsa { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public string Ed25519PublicKeyPem { get; }

    public TrustedBuilder TrustEcdsa(string? keyId = null, params string[] builderIds)
    {
        Assert.True(TrustedBuilder.TryCreate(Ecdsa.ExportSubjectPublicKeyInfoPem(), keyId, builderIds.Length > 0 ? builderIds : [BuilderId], out var builder, out var error), error);
        return builder;
    }

    public TrustedBuilder TrustEd25519()
    {
        Assert.True(TrustedBuilder.TryCreate(Ed25519PublicKeyPem, null, [BuilderId], out var builder, out var error), error);
        return builder;
    }

    public static JsonObject StatementV1(string subjectHex, string builderId = BuilderId, string predicateType = SlsaConstants.ProvenanceV1) => new()
    {
        ["_type"] = SlsaConstants.StatementV1,
        ["subject"] = new JsonArray(new JsonObject { ["name"] = "registry.example/payments/api", ["digest"] = new JsonObject { ["sha256"] = subjectHex } }),
        ["predicateType"] = predicateType,
        ["predicate"] = new JsonObject
        {
            ["buildDefinition"] = new JsonObject
            {
                ["buildType"] = "https://slsa-framework.github.io/github-actions-buildtypes/workflow/v1",
                ["externalParameters"] = new JsonObject { ["source"] = Source },
                ["resolvedDependencies"] = new JsonArray(new JsonObject { ["uri"] = Source, ["digest"] = new JsonObject { ["gitCommit"] = "a1b2" } }),
            },
            ["runDetails"] = new JsonObject { ["builder"] = new JsonObject { ["id"] = builderId } },
        },
    };

    public static JsonObject StatementV02(string subjectHex) => new()
    {
        ["_type"] = SlsaConstants.StatementV01,
        ["subject"] = new JsonArray(new JsonObject { ["name"] = "api", ["digest"] = new JsonObject { ["sha256"] = subjectHex } }),
        ["predicateType"] = SlsaConstants.ProvenanceV02,
        ["predicate"] = new JsonObject
        {
            ["builder"] = new JsonObject { ["id"] = BuilderId },
            ["invocation"] = new JsonObject { ["configSource"] = new JsonObject { ["uri"] = Source, ["entryPoint"] = "release.yml" } },
        },
    };

    /// <summary>A DSSE envelope of <paramref name="statement"/>, signed over PAE by ECDSA (DER) or Ed25519.</summary>
    public JsonObject Envelope(JsonObject statement, bool ed25519 = false, string payloadType = SlsaConstants.InTotoPayloadType, string? keyId = null)
    {
        var payload = Encoding.UTF8.GetBytes(statement.ToJsonString());
        var pae = Pae(payloadType, payload);
        var signature = ed25519 ? SignEd25519(pae) : Ecdsa.SignData(pae, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        var sig = new JsonObject { ["sig"] = Convert.ToBase64String(signature) };
        if (keyId is not null)
            sig["keyid"] = keyId;
        return new JsonObject
        {
            ["payloadType"] = payloadType,
            ["payload"] = Convert.ToBase64String(payload),
            ["signatures"] = new JsonArray(sig),
        };
    }

    /// <summary>DSSE protocol.md: "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body.</summary>
    public static byte[] Pae(string type, byte[] body) =>
        [.. Encoding.UTF8.GetBytes($"DSSEv1 {Encoding.UTF8.GetByteCount(type)} {type} {body.Length} "), .. body];

    public void Dispose() => Ecdsa.Dispose();

    private byte[] SignEd25519(byte[] message)
    {
        var signer = new Ed25519Signer();
        signer.Init(true, _ed25519);
        signer.BlockUpdate(message, 0, message.Length);
        return signer.GenerateSignature();
    }
}
