using System.Net;
using System.Net.Sockets;

namespace Aims.Testing;

/// <summary>
/// Free TCP ports on 127.0.0.1 for processes a test starts (Kestrel, Orleans silo and gateway ports).
/// </summary>
/// <remarks>
/// A port is found by letting the kernel pick one for a listener that is closed again at once, so another
/// process could in principle take it before the silo binds it. The kernel hands out ephemeral ports
/// round-robin, which makes that rare, and ports handed out by this process are never handed out twice.
/// </remarks>
public static class FreePorts
{
    private static readonly HashSet<int> Handed = [];
    private static readonly Lock Gate = new();

    /// <summary>One free port on 127.0.0.1.</summary>
    public static int Next()
    {
        lock (Gate)
        {
            for (var attempt = 0; attempt < 100; attempt++)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                listener.Stop();
                if (Handed.Add(port))
                    return port;
            }
        }

        throw new InvalidOperationException("could not find a free TCP port on 127.0.0.1 in 100 attempts");
    }

    /// <summary><paramref name="count"/> distinct free ports on 127.0.0.1.</summary>
    public static int[] Take(int count) => [.. Enumerable.Range(0, count).Select(_ => Next())];
}
