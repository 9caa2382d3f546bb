namespace Aims.Cli.Http;

/// <summary>The server answered, but not with what was asked for; printed after <c>error: </c>, exit 1.</summary>
internal sealed class ServerRefusedException : Exception
{
    /// <summary>An error status: the message is <c>{status} {detail}</c>.</summary>
    public ServerRefusedException(int status, string detail)
        : base($"{status} {detail}")
    {
    }

    private ServerRefusedException(string message)
        : base(message)
    {
    }

    /// <summary>A success status whose body is not what API.md promises.</summary>
    public static ServerRefusedException UnexpectedAnswer(string what) =>
        new($"unexpected answer from the server: {what}; is --server pointing at an Aims silo?");
}
