using Aims.Agent.Hosting;
using Microsoft.Extensions.Configuration;

namespace Aims.Agent.Tests.Hosting;

public sealed class NodeAgentOptionsTests
{
    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    private static readonly Func<string, string?> NoEnvironment = _ => null;

    [Fact]
    public void From_SwitchesOnTheCommandLine_MapToTheAgentSection()
    {
        var configuration = new ConfigurationBuilder()
            .AddCommandLine(
                ["--socket", "unix:///tmp/agent.sock", "--node-id", "spiffe://aims.local/node/n1", "--join-token", "tok", "--data-dir", "/tmp/agent-data", "--sync-interval", "00:00:02"],
                NodeAgentOptions.SwitchMappings.ToDictionary())
            .Build();

        var options = NodeAgentOptions.From(configuration, NoEnvironment);

        Assert.Equal("/tmp/agent.sock", options.Endpoint.SocketPath);
        Assert.Equal("spiffe://aims.local/node/n1", options.NodeId.ToString());
        Assert.Equal("tok", options.ReadJoinToken());
        Assert.Equal("/tmp/agent-data", options.DataDirectory);
        Assert.Equal(TimeSpan.FromSeconds(2), options.SyncInterval);
        Assert.False(options.AllowUnauthenticatedVerifiers);
    }

    [Fact]
    public void From_NoSocketConfigured_TakesSpiffeEndpointSocketFromTheEnvironment()
    {
        var options = NodeAgentOptions.From(
            Config(("Aims:Agent:NodeId", "spiffe://aims.local/node/n1")),
            name => name == "SPIFFE_ENDPOINT_SOCKET" ? "unix:///run/agent.sock" : null);

        Assert.Equal("/run/agent.sock", options.Endpoint.SocketPath);
    }

    [Theory]
    [InlineData("Aims:Agent:NodeId", "spiffe://other.example/node/n1", "must be a SPIFFE ID with a path in the trust domain aims.local")]
    [InlineData("Aims:Agent:NodeId", "spiffe://aims.local", "must be a SPIFFE ID with a path")]
    [InlineData("Aims:Agent:NodeId", "node-1", "is not a SPIFFE ID")]
    [InlineData("Aims:Agent:SyncInterval", "00:00:00.5", "SyncInterval must be between")]
    [InlineData("Aims:TrustDomain", "Bad_Domain", "Aims:TrustDomain 'Bad_Domain' is invalid")]
    public void From_InvalidSetting_FailsSayingWhich(string key, string value, string expected)
    {
        var settings = new List<(string, string)> { ("Aims:Agent:EndpointSocket", "unix:///tmp/a.sock"), ("Aims:Agent:NodeId", "spiffe://aims.local/node/n1") };
        settings.RemoveAll(s => s.Item1 == key);
        settings.Add((key, value));

        var error = Assert.Throws<InvalidOperationException>(() => NodeAgentOptions.From(Config([.. settings]), NoEnvironment));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void From_NoSocketAnywhere_Fails() =>
        Assert.Contains("SPIFFE_ENDPOINT_SOCKET",
            Assert.Throws<InvalidOperationException>(() => NodeAgentOptions.From(Config(("Aims:Agent:NodeId", "spiffe://aims.local/node/n1")), NoEnvironment)).Message,
            StringComparison.Ordinal);

    [Fact]
    public void ReadJoinToken_FromFile_TrimmedAndReadAgainEachTime()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "  first-token\n");
            var options = NodeAgentOptions.From(
                Config(("Aims:Agent:EndpointSocket", "unix:///tmp/a.sock"), ("Aims:Agent:NodeId", "spiffe://aims.local/node/n1"), ("Aims:Agent:JoinTokenFile", file)),
                NoEnvironment);

            Assert.Equal("first-token", options.ReadJoinToken());
            File.WriteAllText(file, "second-token");
            Assert.Equal("second-token", options.ReadJoinToken());
            File.WriteAllText(file, "");
            Assert.Null(options.ReadJoinToken());
        }
        finally
        {
            File.Delete(file);
        }
    }
}
