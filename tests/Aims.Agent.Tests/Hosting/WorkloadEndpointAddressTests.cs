using Aims.Agent.Hosting;

namespace Aims.Agent.Tests.Hosting;

/// <summary>SPIFFE Workload Endpoint §4: a unix: URI with no authority and an absolute path, nothing else.</summary>
public sealed class WorkloadEndpointAddressTests
{
    [Theory]
    [InlineData("unix:///run/spire/agent.sock", "/run/spire/agent.sock")]
    [InlineData("unix:/run/spire/agent.sock", "/run/spire/agent.sock")]
    [InlineData("unix:///tmp/a b.sock", "/tmp/a b.sock")]
    public void Parse_UnixUri_SocketPath(string value, string path)
    {
        var (address, error) = WorkloadEndpointAddress.Parse(value);

        Assert.Null(error);
        Assert.Equal(path, address!.SocketPath);
    }

    [Theory]
    [InlineData(null, "set SPIFFE_ENDPOINT_SOCKET")]
    [InlineData("", "set SPIFFE_ENDPOINT_SOCKET")]
    [InlineData("/run/agent.sock", "is not a unix: URI")]
    [InlineData("tcp://127.0.0.1:8000", "only on a Unix socket")]
    [InlineData("unix://host/run/agent.sock", "has an authority")]
    [InlineData("unix:relative.sock", "no absolute socket path")]
    [InlineData("unix://", "no absolute socket path")]
    [InlineData("unix:///run/agent.sock?x=1", "query or fragment")]
    [InlineData("unix:///run/agent.sock#f", "query or fragment")]
    [InlineData("unix:///run/agent%20x.sock", "percent-encoding")]
    [InlineData("unix:///run/", "names a directory")]
    public void Parse_NotAUsableUnixUri_ErrorSaysWhatToWrite(string? value, string expected)
    {
        var (address, error) = WorkloadEndpointAddress.Parse(value);

        Assert.Null(address);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_PathLongerThanASocketAddressHolds_Refused()
    {
        var (_, error) = WorkloadEndpointAddress.Parse("unix:///" + new string('a', 120));

        Assert.Contains("longer than the 107 bytes", error, StringComparison.Ordinal);
    }
}
