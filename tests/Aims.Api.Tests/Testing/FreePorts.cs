using System.Net;
using System.Net.Sockets;

namespace Aims.Api.Tests.Testing;

/// <summary>TCP ports nobody listens on right now, so a fixture's silo never collides with another silo.</summary>
public static class FreePorts
{
    /// <summary>Distinct free loopback ports; all are held open together so the OS cannot hand out one twice.</summary>
    public static int[] Take(int count)
    {
        var listeners = new List<TcpListener>(count);
        try
        {
            for (var i = 0; i < count; i++)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                listeners.Add(listener);
            }

            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            foreach (var listener in listeners)
                listener.Stop();
        }
    }
}
