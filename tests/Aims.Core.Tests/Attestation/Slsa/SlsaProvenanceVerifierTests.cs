using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Aims.Core.Attestation;
using Aims.Core.Attestation.Slsa;

namespace Aims.Core.Tests.Attestation.Slsa;

public sealed class SlsaProvenanceVerifierTests : IDisposable
{
    private static readonly string ImageHex = Convert.ToHexStringLower(SHA256.HashData("image"u8));
    private static readonly Sha256Digest Image = Digest(ImageHex);

    private readonly ProvenanceSigner _builder = new();

    public void Dispose() => _builder.Dispose();

    [Fact]
    public void Verify_EcdsaSignedV1ProvenanceOfMeasuredImage_ProvesBuilderAndSource()
    {
        var result = Verify(_builder.Envelope(ProvenanceSigner.StatementV1(ImageHex)), [_builder.TrustEcdsa()]);

        Assert.True(result.IsVerified, result.Reason);
        Assert.Equal("slsa", result.Evidence.Type);
        Assert.Equal([$"slsa:builder:{ProvenanceSigner.BuilderId}", $"slsa:source:{ProvenanceSigner.Source}"], result.Evidence.Selectors);
        Assert.Contains(ImageHex, result.Evidence.VerifiedBy, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_Ed25519Signed_Verifies()
    {
        var result = Verify(_builder.Envelope(ProvenanceSigner.StatementV1(ImageHex), ed25519: true), [_builder.TrustEd25519()]);

        Assert.True(result.IsVerified, result.Reason);
    }

    [Fact]
    public void Verify_V02Provenance_ReadsBuilderAndConfigSource()
    {
        var result = Verify(_builder.Envelope(ProvenanceSigner.StatementV02(ImageHex)), [_builder.TrustEcdsa()]);

        Assert.True(result.IsVerified, result.Reason);
        Assert.Equal([$"slsa:builder:{ProvenanceSigner.BuilderId}", $"slsa:source:{ProvenanceSigner.Source}"], result.Evidence.Selectors);
    }

    [Fact]
    public void Verify_SubjectIsAnotherArtefact_RefusedBySubjectRule()
    {
        var other = Convert.ToHexStringLower(SHA256.HashData("other"u8));

        AssertRefused(Verify(_builder.Envelope(ProvenanceSigner.StatementV1(other)), [_builder.TrustEcdsa()]), "slsa.subject", ImageHex);
    }

    [Fact]
    public void Verify_NothingMeasured_RefusedByMeasuredRule()
    {
        var result = SlsaProvenanceVerifier.Verify(Parse(_builder.Envelope(ProvenanceSigner.StatementV1(ImageHex))), [_builder.TrustEcdsa()], []);

        AssertRefused(result, "slsa.measured", "no other evidence measured");
    }

    [Fact]
    public void Verify_SignedByUntrustedKey_RefusedBySignatureRule()
    {
        using var stranger = new ProvenanceSigner();

        AssertRefused(Verify(stranger.Envelope(ProvenanceSigner.StatementV1(ImageHex)), [_builder.TrustEcdsa()]), "slsa.signature", "untrusted builder");
    }

    [Fact]
    public void Verify_PayloadSwappedUnderSignature_RefusedBySignatureRule()
    {
        var envelope = _builder.Envelope(ProvenanceSigner.StatementV1(Convert.ToHexStringLower(SHA256.HashData("old"u8))));
        envelope["payload"] = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(ProvenanceSigner.StatementV1(ImageHex).ToJsonString()));

        AssertRefused(Verify(envelope, [_builder.TrustEcdsa()]), "slsa.signature", "forged");
    }

    [Fact]
    public void Verify_BuilderNotAllowedForThatKey_RefusedByBuilderRule()
    {
        var result = Verify(_builder.Envelope(ProvenanceSigner.StatementV1(ImageHex, builderId: "https://evil.example/builder")), [_builder.TrustEcdsa()]);

        AssertRefused(result, "slsa.builder", "https://evil.example/builder");
    }

    [Fact]
    public void Verify_OtherPredicateType_RefusedByPredicateTypeRule()
    {
        var result = Verify(_builder.Envelope(ProvenanceSigner.StatementV1(ImageHex, predicateType: "https://spdx.dev/Document")), [_builder.TrustEcdsa()]);

        AssertRefused(result, "slsa.predicate-type", "https://spdx.dev/Document");
    }

    [Fact]
    public void Verify_OtherPayloadType_RefusedByPayloadTypeRule()
    {
        var result = Verify(_builder.Envelope(ProvenanceSigner.StatementV1(ImageHex), payloadType: "application/json"), [_builder.TrustEcdsa()]);

        AssertRefused(result, "slsa.payload-type", "application/vnd.in-toto+json");
    }

    [Fact]
    public void Verify_KeyIdHintOfAnotherKey_NotTriedWithThisKey()
    {
        var result = Verify(_builder.Envelope(ProvenanceSigner.StatementV1(ImageHex), keyId: "other"), [_builder.TrustEcdsa(keyId: "mine")]);

        AssertRefused(result, "slsa.signature", "untrusted");
    }

    [Fact]
    public void Verify_NoTrustedBuilders_RefusedSayingWhatToConfigure()
    {
        AssertRefused(Verify(_builder.Envelope(ProvenanceSigner.StatementV1(ImageHex)), []), "slsa.signature", "Aims:Attestation:Slsa:Builders");
    }

    [Fact]
    public void PreAuthenticationEncoding_MatchesTheDsseSpecExample()
    {
        // DSSE protocol.md test vector: PAE("http://example.com/HelloWorld", "hello world").
        Assert.True(DsseEnvelope.TryParse(
            """{"payloadType":"http://example.com/HelloWorld","payload":"aGVsbG8gd29ybGQ=","signatures":[{"sig":"AA"}]}""", out var envelope, out var error), error);

        Assert.Equal("DSSEv1 29 http://example.com/HelloWorld 11 hello world", System.Text.Encoding.ASCII.GetString(envelope.PreAuthenticationEncoding()));
    }

    [Theory]
    [InlineData("""{"payload":"e30","signatures":[{"sig":"AA"}]}""", "payloadType")]
    [InlineData("""{"payloadType":"t","payload":"e30","signatures":[]}""", "signatures")]
    [InlineData("""{"payloadType":"t","payload":"not base64!","signatures":[{"sig":"AA"}]}""", "payload")]
    [InlineData("""{"payloadType":"t","payload":"e30","signatures":[{"keyid":1,"sig":"AA"}]}""", "keyid")]
    [InlineData("""[1]""", "DSSE JSON object")]
    public void TryParse_MalformedEnvelope_SaysWhichMember(string json, string expected)
    {
        Assert.False(DsseEnvelope.TryParse(json, out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryCreate_BuilderWithoutBuilderIds_Refused()
    {
        Assert.False(TrustedBuilder.TryCreate(_builder.Ecdsa.ExportSubjectPublicKeyInfoPem(), null, [], out _, out var error));
        Assert.Contains("BuilderIds", error, StringComparison.Ordinal);
    }

    private static AttestationResult Verify(JsonObject envelope, IReadOnlyList<TrustedBuilder> builders) =>
        SlsaProvenanceVerifier.Verify(Parse(envelope), builders, [Image]);

    private static DsseEnvelope Parse(JsonObject envelope)
    {
        Assert.True(DsseEnvelope.TryParse(envelope.ToJsonString(), out var parsed, out var error), error);
        return parsed;
    }

    private static Sha256Digest Digest(string hex)
    {
        Assert.True(Sha256Digest.TryParseHex(hex, out var digest));
        return digest;
    }

    private static void AssertRefused(AttestationResult result, string rule, string detail)
    {
        Assert.False(result.IsVerified);
        Assert.Equal(rule, result.Rule);
        Assert.Contains(detail, result.Detail, StringComparison.Ordinal);
    }
}
