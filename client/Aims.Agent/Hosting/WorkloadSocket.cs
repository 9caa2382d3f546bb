namespace Aims.Agent.Hosting;

/// <summary>The socket file's life around Kestrel's: a stale one is removed before binding, the new one opened to every local user.</summary>
internal static class WorkloadSocket
{
    /// <summary>
    /// A socket file left by a crash makes bind fail with EADDRINUSE (notes §3), so it is removed; a file with
    /// content, which a socket never has, is left alone and refused.
    /// </summary>
    public static void PrepareToBind(WorkloadEndpointAddress endpoint)
    {
        var directory = Path.GetDirectoryName(endpoint.SocketPath)!;
        Directory.CreateDirectory(directory);
        var existing = new FileInfo(endpoint.SocketPath);
        if (!existing.Exists)
            return;
        // A socket file has no content; anything with content is not ours to delete.
        if (existing.Length > 0)
            throw new InvalidOperationException($"{endpoint.SocketPath} exists and is not a socket; remove it or choose another path");
        existing.Delete();
    }

    /// <summary>
    /// Any local process may connect: the Workload Endpoint must not require authentication of its clients
    /// (SPIFFE Workload Endpoint §3); the caller is identified by the kernel instead.
    /// </summary>
    public static void OpenToLocalProcesses(WorkloadEndpointAddress endpoint)
    {
        if (OperatingSystem.IsWindows())
            return;
        File.SetUnixFileMode(endpoint.SocketPath,
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite);
    }

    public static void Remove(WorkloadEndpointAddress endpoint)
    {
        try
        {
            File.Delete(endpoint.SocketPath);
        }
        catch (IOException)
        {
        }
    }
}
