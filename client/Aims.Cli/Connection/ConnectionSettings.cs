using Aims.Cli.CommandLine;

namespace Aims.Cli.Connection;

/// <summary>
/// Where the silo is and how to prove to it that we are the operator. Each setting comes from its flag, else its
/// environment variable, else the Local profile's default (API.md "Starting it").
/// </summary>
internal sealed class ConnectionSettings
{
    public const string DefaultServer = "http://127.0.0.1:5080";
    public const string DefaultDataDirectory = "./.aims";
    public const string ServerVariable = "AIMS_SERVER";
    public const string TokenVariable = "AIMS_TOKEN";

    /// <summary>The silo's own configuration key, so the CLI finds the token file the silo wrote.</summary>
    public const string DataDirectoryVariable = "Aims__DataDirectory";

    public const string TokenFileName = "admin.token";

    private readonly Lazy<OperatorToken?> _token;

    private ConnectionSettings(Uri server, Func<OperatorToken?> token)
    {
        Server = server;
        _token = new Lazy<OperatorToken?>(token);
    }

    public Uri Server { get; }

    /// <summary>The operator token, read on first use so that commands without one never touch the token file.</summary>
    public OperatorToken? Token => _token.Value;

    public static ConnectionSettings Resolve(ParsedArguments args, Func<string, string?> environment)
    {
        var serverText = args.Value(GlobalOptions.Server) ?? NonEmpty(environment(ServerVariable)) ?? DefaultServer;
        if (!Uri.TryCreate(serverText, UriKind.Absolute, out var server) || (server.Scheme != Uri.UriSchemeHttp && server.Scheme != Uri.UriSchemeHttps))
            throw new UsageException($"the server address '{serverText}' is not an http:// or https:// URL.");

        var tokenFlag = args.Value(GlobalOptions.Token);
        if (tokenFlag is { Length: 0 })
            throw new UsageException("--token is empty.");
        var dataDirectory = args.Value(GlobalOptions.DataDirectory) ?? NonEmpty(environment(DataDirectoryVariable)) ?? DefaultDataDirectory;

        return new ConnectionSettings(server, () => ResolveToken(tokenFlag, environment, dataDirectory));
    }

    private static OperatorToken? ResolveToken(string? tokenFlag, Func<string, string?> environment, string dataDirectory)
    {
        if (tokenFlag is not null)
            return new OperatorToken(tokenFlag, "--token");
        if (NonEmpty(environment(TokenVariable)) is { } fromEnvironment)
            return new OperatorToken(fromEnvironment, TokenVariable);

        var file = Path.Combine(dataDirectory, TokenFileName);
        if (!File.Exists(file))
            return null;
        try
        {
            var fromFile = File.ReadAllText(file).Trim();
            return fromFile.Length == 0 ? null : new OperatorToken(fromFile, file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot read the operator token file {file}: {e.Message}");
        }
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
