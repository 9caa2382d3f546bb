using System.Text;
using System.Text.Json.Nodes;
using Aims.Agent.Hosting;
using Aims.Agent.Provenance;
using Aims.Core.Identity;

namespace Aims.Agent.Tests.Provenance;

public sealed class ProvenanceSourceTests : IDisposable
{
    private static readonly string Measured = new('a', 64);
    private static readonly string Other = new('b', 64);
    private readonly string _directory = Directory.CreateTempSubdirectory("aims-provenance-").FullName;

    private static readonly string[] Process = ["unix:uid:1000", "unix:path:/usr/local/bin/payments-api", "unix:sha256:" + Measured];

    [Fact]
    public void Find_FileNamedByTheBinaryDigest_IsPreferredOverTheOneNamedByItsFileName()
    {
        Publish(Measured, Envelope(Measured, "by-digest"));
        Publish("payments-api", Envelope(Measured, "by-name"));

        Assert.Contains("by-digest", Decode(Source().Find(Process)), StringComparison.Ordinal);
    }

    [Fact]
    public void Find_OnlyAFileNamedByTheBinary_TheLineWhoseSubjectIsTheMeasuredDigest()
    {
        Publish("payments-api", Envelope(Other, "other"), Envelope(Measured, "mine"));

        Assert.Contains("mine", Decode(Source().Find(Process)), StringComparison.Ordinal);
    }

    [Fact]
    public void Find_NoLineNamesTheDigest_TheFirstIsSentSoTheClusterSaysWhy()
    {
        Publish(Measured, Envelope(Other, "first"), Envelope(Other, "second"));

        Assert.Contains("first", Decode(Source().Find(Process)), StringComparison.Ordinal);
    }

    [Fact]
    public void Find_NothingPublishedOrNoDirectory_Null()
    {
        Assert.Null(Source().Find(Process));
        Assert.Null(Source(null).Find(Process));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private ProvenanceSource Source() => Source(_directory);

    private ProvenanceSource Source(string? directory) => new(new NodeAgentOptions
    {
        Endpoint = WorkloadEndpointAddress.Parse("unix:///tmp/agent.sock").Address!,
        NodeId = SpiffeId.Parse("spiffe://aims.local/node/n1"),
        DataDirectory = _directory,
        ProvenanceDirectory = directory,
    });

    private void Publish(string name, params string[] lines) => File.WriteAllLines(Path.Combine(_directory, name + ProvenanceSource.Extension), lines);

    /// <summary>An unsigned-for-real envelope: the source only chooses, the cluster verifies.</summary>
    private static string Envelope(string subject, string marker)
    {
        var statement = new JsonObject
        {
            ["_type"] = "https://in-toto.io/Statement/v1",
            ["subject"] = new JsonArray(new JsonObject { ["name"] = marker, ["digest"] = new JsonObject { ["sha256"] = subject } }),
            ["predicateType"] = "https://slsa.dev/provenance/v1",
            ["predicate"] = new JsonObject(),
        };
        return new JsonObject
        {
            ["payloadType"] = "application/vnd.in-toto+json",
            ["payload"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(statement.ToJsonString())),
            ["signatures"] = new JsonArray(new JsonObject { ["sig"] = Convert.ToBase64String([1, 2, 3]) }),
        }.ToJsonString();
    }

    private static string Decode(string? envelope)
    {
        Assert.NotNull(envelope);
        var payload = JsonNode.Parse(envelope)!["payload"]!.GetValue<string>();
        return Encoding.UTF8.GetString(Convert.FromBase64String(payload));
    }
}
