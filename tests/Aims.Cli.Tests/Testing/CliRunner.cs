namespace Aims.Cli.Tests.Testing;

/// <summary>Runs <c>aims</c> in-process against a <see cref="FakeServer"/> with a controlled environment.</summary>
public static class CliRunner
{
    public const string Token = "operator-token";

    /// <summary>An environment with an operator token and a data directory that does not exist.</summary>
    public static Dictionary<string, string?> Environment() => new(StringComparer.Ordinal)
    {
        ["AIMS_TOKEN"] = Token,
        ["Aims__DataDirectory"] = Path.Combine(Path.GetTempPath(), "aims-cli-tests-" + Guid.NewGuid().ToString("N")),
    };

    public static Task<CliResult> RunAsync(FakeServer server, params string[] args) => RunAsync(server, Environment(), args);

    /// <summary>Runs with <paramref name="stdin"/> as standard input (tokens given as <c>-</c>).</summary>
    public static async Task<CliResult> RunWithInputAsync(FakeServer server, string stdin, params string[] args)
    {
        using var http = new HttpClient(server, disposeHandler: false);
        return await RunCoreAsync(http, Environment(), args, stdin);
    }

    public static async Task<CliResult> RunAsync(HttpMessageHandler handler, IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        using var http = new HttpClient(handler, disposeHandler: false);
        return await RunAsync(http, environment, args);
    }

    public static Task<CliResult> RunAsync(HttpClient http, IReadOnlyDictionary<string, string?> environment, params string[] args) =>
        RunCoreAsync(http, environment, args, stdin: string.Empty);

    private static async Task<CliResult> RunCoreAsync(HttpClient http, IReadOnlyDictionary<string, string?> environment, string[] args, string stdin)
    {
        using var input = new StringReader(stdin);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var cli = new AimsCli(http, output, error, name => environment.GetValueOrDefault(name), input);
        var exitCode = await cli.RunAsync(args);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }
}
