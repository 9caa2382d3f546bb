using System.Security.Cryptography;
using Aims.Agent.Hosting;
using Microsoft.Extensions.Configuration;

namespace Aims.Agent.Tests.Hosting;

public sealed class NodeTpmOptionsTests : IDisposable
{
    private readonly string _akPem = Path.Combine(Directory.CreateTempSubdirectory("aims-tpm-options-").FullName, "ak.pem");
    private readonly string _akId;

    public NodeTpmOptionsTests()
    {
        using var ak = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        File.WriteAllText(_akPem, ak.ExportSubjectPublicKeyInfoPem());
        _akId = Convert.ToHexStringLower(SHA256.HashData(ak.ExportSubjectPublicKeyInfo()));
    }

    [Fact]
    public void From_NoTpmSection_NoTpm() => Assert.Null(NodeTpmOptions.From(Config()));

    [Fact]
    public void From_AkContextAndPublicKey_AkIdIsTheSpkiHashAndPcrsDefaultToBootMeasurements()
    {
        var tpm = NodeTpmOptions.From(Config(("AkContext", "0x81010002"), ("AkPublicKey", _akPem), ("Tcti", "device:/dev/tpmrm0")))!;

        Assert.Equal("0x81010002", tpm.AkContext);
        Assert.Equal(_akId, tpm.AkId);
        Assert.Equal("device:/dev/tpmrm0", tpm.Tcti);
        Assert.Equal([0, 1, 2, 3, 4, 5, 6, 7], tpm.Pcrs);
    }

    [Fact]
    public void From_PcrsListed_SortedAscending() =>
        Assert.Equal([0, 7, 16], NodeTpmOptions.From(Config(("AkContext", "ak.ctx"), ("AkPublicKey", _akPem), ("Pcrs", "16, 7,0")))!.Pcrs);

    [Theory]
    [InlineData("Tcti", "swtpm:port=2321", "AkContext is required")]
    [InlineData("AkContext", "ak.ctx", "AkPublicKey must name the AK's PEM public key file")]
    public void From_HalfConfigured_FailsSayingWhatIsMissing(string key, string value, string expected)
    {
        var error = Assert.Throws<InvalidOperationException>(() => NodeTpmOptions.From(Config((key, value))));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("24")]
    [InlineData("0,0")]
    [InlineData("a")]
    public void From_BadPcrs_Fails(string pcrs)
    {
        var error = Assert.Throws<InvalidOperationException>(() => NodeTpmOptions.From(Config(("AkContext", "ak.ctx"), ("AkPublicKey", _akPem), ("Pcrs", pcrs))));

        Assert.Contains("Pcrs must list distinct PCR indices 0 to 23", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void From_PublicKeyFileIsNotAKey_Fails()
    {
        File.WriteAllText(_akPem, "not a key");

        var error = Assert.Throws<InvalidOperationException>(() => NodeTpmOptions.From(Config(("AkContext", "ak.ctx"), ("AkPublicKey", _akPem))));

        Assert.Contains("is not an acceptable attestation key", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_akPem)!, recursive: true);

    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>($"{NodeTpmOptions.SectionName}:{v.Key}", v.Value))).Build();
}
