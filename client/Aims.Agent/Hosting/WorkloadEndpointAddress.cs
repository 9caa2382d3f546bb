namespace Aims.Agent.Hosting;

/// <summary>
/// The Unix socket of the SPIFFE Workload Endpoint, from a <c>unix:</c> URI (SPIFFE Workload Endpoint §4):
/// no authority, an absolute path, nothing else. Parsed by hand: <see cref="Uri"/> would decode and normalize the path.
/// </summary>
public sealed record WorkloadEndpointAddress(string SocketPath)
{
    public const string EnvironmentVariable = "SPIFFE_ENDPOINT_SOCKET";

    /// <summary>Linux caps a socket path (sun_path) at 108 bytes including the terminating NUL.</summary>
    public const int MaxSocketPathBytes = 107;

    public static (WorkloadEndpointAddress? Address, string? Error) Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
            return (null, $"no workload endpoint: set {EnvironmentVariable} (or --socket) to unix:///path/to/agent.sock");
        if (value.StartsWith("tcp:", StringComparison.Ordinal))
            return (null, $"'{value}': this node agent serves the Workload API only on a Unix socket, where the kernel names the caller; use unix:///path");
        if (!value.StartsWith("unix:", StringComparison.Ordinal))
            return (null, $"'{value}' is not a unix: URI; write unix:///path/to/agent.sock");

        var rest = value["unix:".Length..];
        if (rest.StartsWith("//", StringComparison.Ordinal))
        {
            var authorityEnd = rest.IndexOf('/', 2);
            if (authorityEnd < 0)
                authorityEnd = rest.Length;
            if (authorityEnd != 2)
                return (null, $"'{value}' has an authority; a unix: workload endpoint URI must not (write unix:///path, three slashes)");
            rest = rest[2..];
        }

        if (rest.Length == 0 || rest[0] != '/')
            return (null, $"'{value}' has no absolute socket path; write unix:///path/to/agent.sock");
        if (rest.IndexOfAny(['?', '#']) >= 0)
            return (null, $"'{value}' has a query or fragment; a unix: workload endpoint URI has only a path");
        if (rest.Contains('%', StringComparison.Ordinal) || rest.Any(char.IsControl))
            return (null, $"'{value}' holds percent-encoding or control characters; give the socket path as it is");
        if (rest.EndsWith('/'))
            return (null, $"'{value}' names a directory; name the socket file");
        if (System.Text.Encoding.UTF8.GetByteCount(rest) > MaxSocketPathBytes)
            return (null, $"socket path '{rest}' is longer than the {MaxSocketPathBytes} bytes a Unix socket address holds");
        return (new WorkloadEndpointAddress(rest), null);
    }

    public override string ToString() => "unix://" + SocketPath;
}
