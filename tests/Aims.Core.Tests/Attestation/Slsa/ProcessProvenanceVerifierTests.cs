using System.Security.Cryptography;
using Aims.Core.Attestation.Slsa;

namespace Aims.Core.Tests.Attestation.Slsa;

public sealed class ProcessProvenanceVerifierTests : IDisposable
{
    private static readonly string BinaryHex = Convert.ToHexStringLower(SHA256.HashData("payments-api"u8));
    private static readonly string[] Process = ["unix:uid:1000", "unix:path:/usr/local/bin/payments-api", "unix:sha256:" + BinaryHex];

    private readonly ProvenanceSigner _builder = new();

    public void Dispose() => _builder.Dispose();

    [Fact]
    public void Verify_ProvenanceOfTheMeasuredBinary_ProvesBuilderAndSource()
    {
        var result = ProcessProvenanceVerifier.Verify(_builder.Envelope(ProvenanceSigner.StatementV1(BinaryHex)).ToJsonString(), [_builder.TrustEcdsa()], Process);

        Assert.True(result.IsVerified, result.Reason);
        Assert.Equal([$"slsa:builder:{ProvenanceSigner.BuilderId}", $"slsa:source:{ProvenanceSigner.Source}"], result.Evidence.Selectors);
    }

    [Fact]
    public void Verify_ProvenanceOfAnotherBinary_RefusedBySubjectRuleNamingTheMeasuredDigest()
    {
        var other = Convert.ToHexStringLower(SHA256.HashData("other"u8));

        var result = ProcessProvenanceVerifier.Verify(_builder.Envelope(ProvenanceSigner.StatementV1(other)).ToJsonString(), [_builder.TrustEcdsa()], Process);

        Assert.Equal("slsa.subject", result.Rule);
        Assert.Contains(BinaryHex, result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_ProcessWithoutAMeasuredDigest_RefusedByMeasuredRule()
    {
        var result = ProcessProvenanceVerifier.Verify(_builder.Envelope(ProvenanceSigner.StatementV1(BinaryHex)).ToJsonString(), [_builder.TrustEcdsa()], ["unix:uid:1000"]);

        Assert.Equal("slsa.measured", result.Rule);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"payloadType\":\"application/vnd.in-toto+json\"}")]
    public void Verify_NotAnEnvelope_RefusedByEnvelopeRule(string text)
    {
        var result = ProcessProvenanceVerifier.Verify(text, [_builder.TrustEcdsa()], Process);

        Assert.Equal("slsa.envelope", result.Rule);
    }
}
