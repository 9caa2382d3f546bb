using System.Net;
using System.Net.Sockets;
using Aims.Cli.Tests.Testing;

namespace Aims.Cli.Tests.Http;

public sealed class ServerErrorTests
{
    [Fact]
    public async Task ProblemJson_PrintsStatusAndDetailToStderrAndExits1()
    {
        var server = new FakeServer().ReturnsProblem(HttpStatusCode.BadRequest, "SPIFFE ID path must not end with \"/\" (SPIFFE-ID §2.2).");

        var result = await CliRunner.RunAsync(server, "agent", "register", "spiffe://aims.local/agents/");

        Assert.Equal(ExitCodes.Refused, result.ExitCode);
        Assert.Equal("error: 400 SPIFFE ID path must not end with \"/\" (SPIFFE-ID §2.2).\n", result.Error);
        Assert.Empty(result.Out);
    }

    [Fact]
    public async Task ProblemWithoutDetail_FallsBackToTitle()
    {
        var server = new FakeServer().Returns(HttpStatusCode.Conflict, """{ "title": "agent already registered" }""", "application/problem+json");

        var result = await CliRunner.RunAsync(server, "agent", "register", "spiffe://aims.local/a");

        Assert.Equal("error: 409 agent already registered\n", result.Error);
    }

    [Fact]
    public async Task EmptyErrorBody_PrintsTheReasonPhrase()
    {
        var server = new FakeServer().Returns(HttpStatusCode.NotFound, "");

        var result = await CliRunner.RunAsync(server, "policy", "show", "missing");

        Assert.Equal(ExitCodes.Refused, result.ExitCode);
        Assert.Equal("error: 404 Not Found\n", result.Error);
    }

    [Fact]
    public async Task SuccessThatIsNotJson_Exits1()
    {
        var server = new FakeServer().Returns(HttpStatusCode.OK, "<html>hello</html>", "text/html");

        var result = await CliRunner.RunAsync(server, "agent", "show", "spiffe://aims.local/a");

        Assert.Equal(ExitCodes.Refused, result.ExitCode);
        Assert.Contains("not JSON", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectionFailure_Exits3()
    {
        var server = new FakeServer().Throws(new HttpRequestException("Connection refused", new SocketException((int)SocketError.ConnectionRefused)));

        var result = await CliRunner.RunAsync(server, "agent", "list", "--server", "http://127.0.0.1:5999");

        Assert.Equal(ExitCodes.Unreachable, result.ExitCode);
        Assert.StartsWith("error: cannot reach the server at http://127.0.0.1:5999/", result.Error, StringComparison.Ordinal);
        Assert.Empty(result.Out);
    }

    [Fact]
    public async Task Timeout_Exits3()
    {
        var server = new FakeServer().Throws(new TaskCanceledException("timed out"));

        var result = await CliRunner.RunAsync(server, "agent", "list");

        Assert.Equal(ExitCodes.Unreachable, result.ExitCode);
        Assert.Contains("no answer within", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClosedPort_WithARealHttpClient_Exits3()
    {
        // A port that was just free: nothing listens there, so the connection is refused at once.
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var http = new HttpClient();

        var result = await CliRunner.RunAsync(http, CliRunner.Environment(), "bundle", "show", "--server", $"http://127.0.0.1:{port}");

        Assert.Equal(ExitCodes.Unreachable, result.ExitCode);
        Assert.Contains($"cannot reach the server at http://127.0.0.1:{port}/", result.Error, StringComparison.Ordinal);
    }
}
