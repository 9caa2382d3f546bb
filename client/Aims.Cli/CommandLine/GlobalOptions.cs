namespace Aims.Cli.CommandLine;

/// <summary>Options every command accepts, and the options that are flags (take no value).</summary>
internal static class GlobalOptions
{
    public const string Server = "server";
    public const string Token = "token";
    public const string DataDirectory = "data-dir";
    public const string Json = "json";
    public const string Help = "help";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        Server, Token, DataDirectory, Json, Help,
    };

    /// <summary>Options that stand alone; every other option takes exactly one value.</summary>
    public static readonly IReadOnlySet<string> Flags = new HashSet<string>(StringComparer.Ordinal)
    {
        Json, Help, "pem", "impersonation",
    };
}
