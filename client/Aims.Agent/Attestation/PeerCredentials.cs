using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Aims.Agent.Attestation;

/// <summary>
/// Who is at the other end of a connected Unix socket, as the kernel recorded it when that process connected:
/// SO_PEERCRED (pid, uid, gid) and, where the kernel has it (Linux 6.5+), SO_PEERPIDFD, a handle on that exact
/// process that later tells whether the pid still means the same process.
/// </summary>
internal sealed class PeerCredentials : IDisposable
{
    private const int SolSocket = 1;
    private const int SoPeerCred = 17;
    private const int SoPeerPidFd = 77;

    private PeerCredentials(int pid, uint uid, uint gid, SafeFileHandle? pidFd)
    {
        Pid = pid;
        Uid = uid;
        Gid = gid;
        PidFd = pidFd;
    }

    public int Pid { get; }

    public uint Uid { get; }

    public uint Gid { get; }

    /// <summary>A pidfd of the peer process, or null on kernels without SO_PEERPIDFD.</summary>
    public SafeFileHandle? PidFd { get; }

    /// <summary>Reads the peer of <paramref name="socket"/>; null when it is not a Unix socket with a local peer.</summary>
    public static PeerCredentials? Of(Socket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        if (socket.AddressFamily != AddressFamily.Unix || !OperatingSystem.IsLinux())
            return null;

        // struct ucred { pid_t pid; uid_t uid; gid_t gid; } in native byte order.
        Span<byte> ucred = stackalloc byte[12];
        if (socket.GetRawSocketOption(SolSocket, SoPeerCred, ucred) != ucred.Length)
            return null;
        var pid = MemoryMarshal.Read<int>(ucred);
        var uid = MemoryMarshal.Read<uint>(ucred[4..]);
        var gid = MemoryMarshal.Read<uint>(ucred[8..]);

        SafeFileHandle? pidFd = null;
        try
        {
            Span<byte> fd = stackalloc byte[4];
            if (socket.GetRawSocketOption(SolSocket, SoPeerPidFd, fd) == fd.Length && MemoryMarshal.Read<int>(fd) is > 0 and var handle)
                pidFd = new SafeFileHandle(handle, ownsHandle: true);
        }
        catch (SocketException)
        {
            // ENOPROTOOPT before Linux 6.5: the start-time check alone guards against pid reuse.
        }

        return new PeerCredentials(pid, uid, gid, pidFd);
    }

    public void Dispose() => PidFd?.Dispose();
}
