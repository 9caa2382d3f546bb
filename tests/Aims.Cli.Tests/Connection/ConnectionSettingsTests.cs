using Aims.Cli.Tests.Testing;

namespace Aims.Cli.Tests.Connection;

public sealed class ConnectionSettingsTests : IDisposable
{
    private const string Agents = """{ "agents": [], "next": null }""";

    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("aims-cli-data-").FullName;

    public void Dispose() => Directory.Delete(_dataDirectory, recursive: true);

    [Fact]
    public async Task Token_FlagEnvironmentAndFile_FlagWins()
    {
        WriteTokenFile("file-token");
        var environment = Environment(token: "env-token");

        var sent = await SentAuthorizationAsync(environment, "--token", "flag-token");

        Assert.Equal("Bearer flag-token", sent);
    }

    [Fact]
    public async Task Token_EnvironmentAndFile_EnvironmentWins()
    {
        WriteTokenFile("file-token");

        var sent = await SentAuthorizationAsync(Environment(token: "env-token"));

        Assert.Equal("Bearer env-token", sent);
    }

    [Fact]
    public async Task Token_OnlyTheFile_IsReadFromTheDataDirectoryAndTrimmed()
    {
        WriteTokenFile("file-token\n");

        var sent = await SentAuthorizationAsync(Environment());

        Assert.Equal("Bearer file-token", sent);
    }

    [Fact]
    public async Task Token_DataDirectoryFlag_WinsOverTheEnvironment()
    {
        WriteTokenFile("file-token");
        var environment = Environment();
        environment["Aims__DataDirectory"] = Path.Combine(_dataDirectory, "elsewhere");

        var sent = await SentAuthorizationAsync(environment, "--data-dir", _dataDirectory);

        Assert.Equal("Bearer file-token", sent);
    }

    [Fact]
    public async Task Token_Nowhere_SendsNoAuthorization()
    {
        var sent = await SentAuthorizationAsync(Environment());

        Assert.Null(sent);
    }

    [Fact]
    public async Task Token_NowhereAndServerSays401_ExplainsWhereTokensComeFrom()
    {
        var server = new FakeServer().ReturnsProblem(System.Net.HttpStatusCode.Unauthorized, "an operator token is required.");

        var result = await CliRunner.RunAsync(server, Environment(), "agent", "list");

        Assert.Equal(ExitCodes.Refused, result.ExitCode);
        Assert.StartsWith("error: 401 an operator token is required. (no operator token: pass --token, set AIMS_TOKEN", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_WrongAndServerSays401_NamesWhereTheTokenCameFromButNotTheToken()
    {
        var server = new FakeServer().ReturnsProblem(System.Net.HttpStatusCode.Unauthorized, "invalid token.");

        var result = await CliRunner.RunAsync(server, Environment(token: "secret-value"), "agent", "list");

        Assert.Equal("error: 401 invalid token. (sent the operator token from AIMS_TOKEN)\n", result.Error);
        Assert.DoesNotContain("secret-value", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, null, "http://127.0.0.1:5080/v1/agents")]
    [InlineData(null, "http://env-host:7000", "http://env-host:7000/v1/agents")]
    [InlineData("http://flag-host:7001", "http://env-host:7000", "http://flag-host:7001/v1/agents")]
    [InlineData("https://gateway.example/aims/", null, "https://gateway.example/aims/v1/agents")]
    public async Task Server_FlagEnvironmentDefault_FlagWinsThenEnvironment(string? flag, string? variable, string expected)
    {
        var server = new FakeServer().Returns(Agents);
        var environment = Environment();
        environment["AIMS_SERVER"] = variable;
        string[] args = flag is null ? ["agent", "list"] : ["agent", "list", "--server", flag];

        await CliRunner.RunAsync(server, environment, args);

        Assert.Equal(expected, server.Request.Uri.ToString());
    }

    private static async Task<string?> SentAuthorizationAsync(Dictionary<string, string?> environment, params string[] extra)
    {
        var server = new FakeServer().Returns(Agents);

        var result = await CliRunner.RunAsync(server, environment, ["agent", "list", .. extra]);

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        return server.Request.Authorization;
    }

    private Dictionary<string, string?> Environment(string? token = null) => new(StringComparer.Ordinal)
    {
        ["AIMS_TOKEN"] = token,
        ["Aims__DataDirectory"] = _dataDirectory,
    };

    private void WriteTokenFile(string token) => File.WriteAllText(Path.Combine(_dataDirectory, "admin.token"), token);
}
