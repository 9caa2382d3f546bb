using System.Net;
using System.Text.Json;
using Aims.Cli.Tests.Testing;

namespace Aims.Cli.Tests.Commands;

public sealed class EntryCommandsTests
{
    private const string Workload = "spiffe://aims.local/workloads/web";
    private const string Node = "spiffe://aims.local/node/n1";
    private const string Id = "0123456789abcdef0123456789abcdef";
    private const string Created = $$"""
        { "id": "{{Id}}", "spiffe_id": "{{Workload}}", "parent_id": "{{Node}}", "selectors": ["unix:uid:1000"],
          "dns_names": [], "created_at": "2026-11-28T21:00:00Z", "created_by": "operator" }
        """;

    [Fact]
    public async Task Create_AllOptions_PostsTheEntry()
    {
        var server = new FakeServer().Returns(HttpStatusCode.Created, Created);

        var result = await CliRunner.RunAsync(server,
            "entry", "create", Workload, "--parent", Node, "--selector", "unix:uid:1000", "--selector", "unix:gid:0",
            "--x509-svid-ttl", "120", "--jwt-svid-ttl", "60", "--dns-name", "web.internal", "--hint", "internal");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Equal(HttpMethod.Post, server.Request.Method);
        Assert.Equal("/v1/entries", server.Request.PathAndQuery);
        Assert.Equal($"Bearer {CliRunner.Token}", server.Request.Authorization);
        JsonAssert.Equivalent($$"""
            { "spiffe_id": "{{Workload}}", "parent_id": "{{Node}}", "selectors": ["unix:uid:1000", "unix:gid:0"],
              "x509_svid_ttl": 120, "jwt_svid_ttl": 60, "dns_names": ["web.internal"], "hint": "internal" }
            """, server.Request.Body);
        Assert.StartsWith($"id:", result.Out, StringComparison.Ordinal);
        Assert.Contains(Id, result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_OnlyRequired_SendsNoOptionalMembers()
    {
        var server = new FakeServer().Returns(HttpStatusCode.Created, Created);

        await CliRunner.RunAsync(server, "entry", "create", Workload, "--parent", Node, "--selector", "unix:uid:1000");

        JsonAssert.Equivalent($$"""{ "spiffe_id": "{{Workload}}", "parent_id": "{{Node}}", "selectors": ["unix:uid:1000"] }""", server.Request.Body);
    }

    [Theory]
    [InlineData(new[] { "entry", "create", Workload, "--selector", "unix:uid:0" }, "needs --parent")]
    [InlineData(new[] { "entry", "create", Workload, "--parent", Node }, "needs at least one --selector")]
    [InlineData(new[] { "entry", "create", Workload, "--parent", Node, "--selector", "a:b", "--x509-svid-ttl", "soon" }, "--x509-svid-ttl 'soon'")]
    [InlineData(new[] { "entry", "create", "--parent", Node, "--selector", "a:b" }, "needs <spiffe-id>")]
    [InlineData(new[] { "entry", "show" }, "needs <entry-id>")]
    [InlineData(new[] { "entry", "delete", Id, "--force", "yes" }, "does not take --force")]
    [InlineData(new[] { "entry", "rename", Id }, "'entry rename' is not a command")]
    public async Task Run_UsageError_Exits2AndSendsNothing(string[] args, string message)
    {
        var server = new FakeServer();

        var result = await CliRunner.RunAsync(server, args);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Create_Refused_Exits1WithTheServersDetail()
    {
        var server = new FakeServer().ReturnsProblem(HttpStatusCode.Conflict, $"entry {Id} already has this spiffe_id, parent_id and selectors");

        var result = await CliRunner.RunAsync(server, "entry", "create", Workload, "--parent", Node, "--selector", "unix:uid:1000");

        Assert.Equal(ExitCodes.Refused, result.ExitCode);
        Assert.Contains("already has this spiffe_id", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_ByParent_FollowsPagesAndPrintsATable()
    {
        var server = new FakeServer()
            .Returns($$"""{ "entries": [ {{Created}} ], "next": "{{Id}}" }""")
            .Returns("""{ "entries": [] }""");

        var result = await CliRunner.RunAsync(server, "entry", "list", "--parent", Node);

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Equal($"/v1/entries?parent_id={Uri.EscapeDataString(Node)}", server.Requests[0].PathAndQuery);
        Assert.Equal($"/v1/entries?parent_id={Uri.EscapeDataString(Node)}&after={Id}", server.Requests[1].PathAndQuery);
        Assert.StartsWith("ID", result.Out, StringComparison.Ordinal);
        Assert.Contains($"{Id}  {Workload}  {Node}  unix:uid:1000", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_Json_PrintsTheServersAnswer()
    {
        var server = new FakeServer().Returns(Created);

        var result = await CliRunner.RunAsync(server, "entry", "show", Id, "--json");

        Assert.Equal($"/v1/entries/{Id}", server.Request.PathAndQuery);
        using var printed = JsonDocument.Parse(result.Out);
        Assert.Equal(Workload, printed.RootElement.GetProperty("spiffe_id").GetString());
    }

    [Fact]
    public async Task Delete_WithReason_SendsDeleteAndConfirms()
    {
        var server = new FakeServer().Returns(HttpStatusCode.NoContent, "");

        var result = await CliRunner.RunAsync(server, "entry", "delete", Id, "--reason", "decommissioned");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Equal(HttpMethod.Delete, server.Request.Method);
        Assert.Equal($"/v1/entries/{Id}", server.Request.PathAndQuery);
        JsonAssert.Equivalent("""{ "reason": "decommissioned" }""", server.Request.Body);
        Assert.Equal($"deleted entry {Id}\n", result.Out);
    }

    [Fact]
    public async Task Delete_Unknown_Exits1()
    {
        var server = new FakeServer().ReturnsProblem(HttpStatusCode.NotFound, $"there is no registration entry {Id}");

        var result = await CliRunner.RunAsync(server, "entry", "delete", Id);

        Assert.Equal(ExitCodes.Refused, result.ExitCode);
        Assert.Null(server.Request.Body);
        Assert.Contains("there is no registration entry", result.Error, StringComparison.Ordinal);
    }
}
