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

    public static async Task<CliResult> RunAsync(HttpMessageHandler handler, IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        using var http = new HttpClient(handler, disposeHandler: false);
        return await RunAsync(http, environment, args);
    }

    public static async Task<CliResult> RunAsync(HttpClient http, IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var cli = new AimsCli(http, output, error, name => environment.GetValueOrDefault(name));
        var exitCode = await cli.RunAsync(args);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }
}
