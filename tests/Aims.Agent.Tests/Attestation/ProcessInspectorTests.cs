using System.Net.Sockets;
using System.Security.Cryptography;
using Aims.Agent.Attestation;
using Aims.Core.Attestation.Unix;

namespace Aims.Agent.Tests.Attestation;

/// <summary>
/// The unix attestor's kernel side on a real Unix socket: this test process connects to itself, so the peer the
/// kernel names must be this very process, running the dotnet host.
/// </summary>
public sealed class ProcessInspectorTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"aims-peer-{Guid.NewGuid():N}.sock");

    [Fact]
    public async Task PeerCredentials_LocalConnection_ThisProcessPidAndIds()
    {
        var (server, client) = await ConnectedPairAsync();
        using (server)
        using (client)
        {
            using var peer = PeerCredentials.Of(server);

            Assert.NotNull(peer);
            Assert.Equal(Environment.ProcessId, peer.Pid);
            Assert.Contains($"Uid:\t{peer.Uid}\t", File.ReadAllText("/proc/self/status"), StringComparison.Ordinal);
            Assert.Contains($"Gid:\t{peer.Gid}\t", File.ReadAllText("/proc/self/status"), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Measure_LocalConnection_ExecutablePathAndDigestOfThisProcess()
    {
        var (server, client) = await ConnectedPairAsync();
        using (server)
        using (client)
        {
            using var peer = PeerCredentials.Of(server)!;

            var (facts, problem) = ProcessInspector.Measure(peer);

            Assert.Null(problem);
            Assert.Equal(Environment.ProcessId, facts!.Pid);
            Assert.Equal(new FileInfo("/proc/self/exe").LinkTarget, facts.ExecutablePath);
            using (var self = File.OpenRead("/proc/self/exe"))
                Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(self)), facts.ExecutableSha256);
            Assert.True(facts.SameProcessThroughout);
            var attestation = UnixAttestor.Attest(facts);
            Assert.True(attestation.Attested, attestation.Refusal);
            Assert.Contains("unix:sha256:" + facts.ExecutableSha256, attestation.Selectors);
        }
    }

    [Fact]
    public void PeerCredentials_TcpSocket_NoPeer()
    {
        using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

        Assert.Null(PeerCredentials.Of(tcp));
    }

    public void Dispose() => File.Delete(_path);

    private async Task<(Socket Server, Socket Client)> ConnectedPairAsync()
    {
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(_path));
        listener.Listen(1);
        var client = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        var accepting = listener.AcceptAsync();
        await client.ConnectAsync(new UnixDomainSocketEndPoint(_path));
        return (await accepting, client);
    }
}
