namespace Aims.Cli.Http;

/// <summary>No HTTP answer at all from the server; exit 3.</summary>
internal sealed class ServerUnreachableException(Uri server, string reason, Exception inner)
    : Exception($"cannot reach the server at {server} ({reason}); is the silo running? Set --server or AIMS_SERVER.", inner);
