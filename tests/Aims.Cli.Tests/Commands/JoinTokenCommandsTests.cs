using System.Net;
using System.Text.Json;
using Aims.Cli.Tests.Testing;

namespace Aims.Cli.Tests.Commands;

public sealed class JoinTokenCommandsTests
{
    private const string Id = "spiffe://aims.local/agents/x";
    private const string Issued = """{ "spiffe_id": "spiffe://aims.local/agents/x", "expires_at": "2026-11-28T21:10:00Z", "token": "q8Zr-token" }""";

    [Fact]
    public async Task Create_WithTtl_PostsSpiffeIdAndTtlSeconds()
    {
        var server = new FakeServer().Returns(HttpStatusCode.Created, Issued);

        var result = await CliRunner.RunAsync(server, "join-token", "create", Id, "--ttl", "600");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Equal(HttpMethod.Post, server.Request.Method);
        Assert.Equal("/v1/join-tokens", server.Request.PathAndQuery);
        Assert.Equal($"Bearer {CliRunner.Token}", server.Request.Authorization);
        JsonAssert.Equivalent($$"""{ "spiffe_id": "{{Id}}", "ttl_seconds": 600 }""", server.Request.Body);
    }

    [Fact]
    public async Task Create_WithoutTtl_LeavesTheDefaultToTheServer()
    {
        var server = new FakeServer().Returns(HttpStatusCode.Created, Issued);

        await CliRunner.RunAsync(server, "join-token", "create", Id);

        JsonAssert.Equivalent($$"""{ "spiffe_id": "{{Id}}" }""", server.Request.Body);
    }

    [Fact]
    public async Task Create_Human_PrintsTheTokenFirst()
    {
        var result = await CliRunner.RunAsync(new FakeServer().Returns(HttpStatusCode.Created, Issued), "join-token", "create", Id);

        Assert.Equal(
            """
            token:      q8Zr-token
            spiffe_id:  spiffe://aims.local/agents/x
            expires_at: 2026-11-28T21:10:00Z

            """,
            result.Out);
    }

    [Fact]
    public async Task Create_Json_PrintsTheServersAnswer()
    {
        var result = await CliRunner.RunAsync(new FakeServer().Returns(HttpStatusCode.Created, Issued), "join-token", "create", Id, "--json");

        using var printed = JsonDocument.Parse(result.Out);
        Assert.Equal("q8Zr-token", printed.RootElement.GetProperty("token").GetString());
    }

    [Fact]
    public async Task Create_InvalidSpiffeId_PrintsTheRuleTheServerCitesAndExits1()
    {
        var server = new FakeServer().ReturnsProblem(HttpStatusCode.BadRequest, "SPIFFE ID path must not end with \"/\" (SPIFFE-ID §2.2).");

        var result = await CliRunner.RunAsync(server, "join-token", "create", "spiffe://aims.local/agents/");

        Assert.Equal(ExitCodes.Refused, result.ExitCode);
        Assert.Equal("error: 400 SPIFFE ID path must not end with \"/\" (SPIFFE-ID §2.2).\n", result.Error);
    }
}
