namespace Aims.Cli;

/// <summary>What <c>aims</c> returns to the shell; scripts rely on these numbers.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The server answered with an error (its problem+json <c>detail</c> goes to stderr).</summary>
    public const int Refused = 1;

    /// <summary>The command line was wrong; usage goes to stderr.</summary>
    public const int Usage = 2;

    /// <summary>No answer from the server: connection refused, DNS failure, timeout.</summary>
    public const int Unreachable = 3;

    /// <summary>Interrupted with Ctrl+C (128 + SIGINT, as shells report it).</summary>
    public const int Cancelled = 130;
}
