using System.Net;
using Aims.Cli.Tests.Testing;

namespace Aims.Cli.Tests.Commands;

public sealed class AgentCommandsTests
{
    private const string Id = "spiffe://aims.local/agents/data-analyst";
    private const string EncodedId = "spiffe%3A%2F%2Faims.local%2Fagents%2Fdata-analyst";

    private const string Agent = """
        {
          "spiffe_id": "spiffe://aims.local/agents/data-analyst",
          "state": "Registered",
          "policy": "default",
          "selectors": ["k8s:ns:analytics", "k8s:sa:analyst"],
          "metadata": { "team": "data" },
          "created_at": "2026-11-28T21:00:00Z",
          "scope_ceiling": null,
          "attestation": { "evidence_types": ["join_token"], "attested_at": "2026-11-28T21:05:00Z" },
          "live_credentials": 0
        }
        """;

    [Fact]
    public async Task Register_WithEveryOption_PostsTheAgentAndPrintsIt()
    {
        var server = new FakeServer().Returns(HttpStatusCode.Created, Agent);

        var result = await CliRunner.RunAsync(server,
            "agent", "register", Id, "--policy", "analysts",
            "--selector", "k8s:ns:analytics", "--selector", "k8s:sa:analyst",
            "--meta", "team=data", "--meta", "owner=a=b");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        var request = server.Request;
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("/v1/agents", request.PathAndQuery);
        Assert.Equal($"Bearer {CliRunner.Token}", request.Authorization);
        Assert.Equal("application/json", request.ContentType);
        JsonAssert.Equivalent(
            $$"""
            {
              "spiffe_id": "{{Id}}",
              "policy": "analysts",
              "selectors": ["k8s:ns:analytics", "k8s:sa:analyst"],
              "metadata": { "team": "data", "owner": "a=b" }
            }
            """,
            request.Body);
    }

    [Fact]
    public async Task Register_WithoutOptions_SendsOnlyTheSpiffeId()
    {
        var server = new FakeServer().Returns(HttpStatusCode.Created, Agent);

        await CliRunner.RunAsync(server, "agent", "register", Id);

        JsonAssert.Equivalent($$"""{ "spiffe_id": "{{Id}}" }""", server.Request.Body);
    }

    [Fact]
    public async Task Show_EncodesTheIdWholeInThePath()
    {
        var server = new FakeServer().Returns(Agent);

        await CliRunner.RunAsync(server, "agent", "show", Id);

        Assert.Equal(HttpMethod.Get, server.Request.Method);
        Assert.Equal($"/v1/agents/{EncodedId}", server.Request.PathAndQuery);
        Assert.Null(server.Request.Body);
    }

    [Fact]
    public async Task Show_Human_PrintsAlignedKeyValuesWithNestedFieldsFlattened()
    {
        var result = await CliRunner.RunAsync(new FakeServer().Returns(Agent), "agent", "show", Id);

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Equal(
            """
            spiffe_id:                  spiffe://aims.local/agents/data-analyst
            state:                      Registered
            policy:                     default
            selectors:                  k8s:ns:analytics, k8s:sa:analyst
            metadata.team:              data
            created_at:                 2026-11-28T21:00:00Z
            scope_ceiling:              -
            attestation.evidence_types: join_token
            attestation.attested_at:    2026-11-28T21:05:00Z
            live_credentials:           0

            """,
            result.Out);
    }

    [Fact]
    public async Task Show_Json_PrintsTheServersJsonPretty()
    {
        var result = await CliRunner.RunAsync(new FakeServer().Returns(Agent.ReplaceLineEndings("")), "agent", "show", Id, "--json");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        JsonAssert.Equivalent(Agent, result.Out);
        Assert.StartsWith("{\n  \"spiffe_id\": \"spiffe://aims.local/agents/data-analyst\",\n", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_UnknownAgent_PrintsTheServersDetailAndExits1()
    {
        var server = new FakeServer().ReturnsProblem(HttpStatusCode.NotFound, $"agent {Id} is not registered.");

        var result = await CliRunner.RunAsync(server, "agent", "show", Id);

        Assert.Equal(ExitCodes.Refused, result.ExitCode);
        Assert.Equal($"error: 404 agent {Id} is not registered.\n", result.Error);
        Assert.Empty(result.Out);
    }

    [Fact]
    public async Task List_FollowsNextUntilNullAndPrintsOneTable()
    {
        var server = new FakeServer()
            .Returns("""{ "agents": [ { "spiffe_id": "spiffe://aims.local/agents/a", "state": "Active", "policy": "default" } ], "next": "spiffe://aims.local/agents/a" }""")
            .Returns("""{ "agents": [ { "spiffe_id": "spiffe://aims.local/agents/bb", "state": "Suspended", "policy": "strict" } ], "next": null }""");

        var result = await CliRunner.RunAsync(server, "agent", "list", "--prefix", "spiffe://aims.local/agents/");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Equal(
            [
                "/v1/agents?prefix=spiffe%3A%2F%2Faims.local%2Fagents%2F",
                "/v1/agents?prefix=spiffe%3A%2F%2Faims.local%2Fagents%2F&after=spiffe%3A%2F%2Faims.local%2Fagents%2Fa",
            ],
            server.Requests.Select(r => r.PathAndQuery));
        Assert.Equal(
            """
            SPIFFE ID                      STATE      POLICY
            spiffe://aims.local/agents/a   Active     default
            spiffe://aims.local/agents/bb  Suspended  strict

            """,
            result.Out);
    }

    [Fact]
    public async Task List_WithoutPrefix_SendsNoQuery()
    {
        var server = new FakeServer().Returns("""{ "agents": [], "next": null }""");

        var result = await CliRunner.RunAsync(server, "agent", "list");

        Assert.Equal("/v1/agents", server.Request.PathAndQuery);
        Assert.Equal("(none)\n", result.Out);
    }

    [Fact]
    public async Task List_Json_PrintsEveryPageAsOneDocument()
    {
        var server = new FakeServer()
            .Returns("""{ "agents": [ { "spiffe_id": "spiffe://aims.local/a" } ], "next": "c1" }""")
            .Returns("""{ "agents": [ { "spiffe_id": "spiffe://aims.local/b" } ] }""");

        var result = await CliRunner.RunAsync(server, "agent", "list", "--json");

        JsonAssert.Equivalent(
            """{ "agents": [ { "spiffe_id": "spiffe://aims.local/a" }, { "spiffe_id": "spiffe://aims.local/b" } ], "next": null }""",
            result.Out);
    }

    [Fact]
    public async Task List_ServerRepeatsItsCursor_StopsInsteadOfLooping()
    {
        var page = """{ "agents": [ { "spiffe_id": "spiffe://aims.local/a" } ], "next": "same" }""";
        var server = new FakeServer().Returns(page).Returns(page);

        var result = await CliRunner.RunAsync(server, "agent", "list");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task List_AnswerWithoutAgentsArray_Exits1()
    {
        var result = await CliRunner.RunAsync(new FakeServer().Returns("""{ "items": [] }"""), "agent", "list");

        Assert.Equal(ExitCodes.Refused, result.ExitCode);
        Assert.Contains("\"agents\"", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("suspend")]
    [InlineData("resume")]
    [InlineData("terminate")]
    public async Task Lifecycle_WithReason_PostsReasonToTheActionPath(string action)
    {
        var server = new FakeServer().Returns(Agent);

        var result = await CliRunner.RunAsync(server, "agent", action, Id, "--reason", "incident 42");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Equal(HttpMethod.Post, server.Request.Method);
        Assert.Equal($"/v1/agents/{EncodedId}/{action}", server.Request.PathAndQuery);
        JsonAssert.Equivalent("""{ "reason": "incident 42" }""", server.Request.Body);
        Assert.StartsWith($"spiffe_id:", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lifecycle_WithoutReason_PostsAnEmptyObject()
    {
        var server = new FakeServer().Returns(Agent);

        await CliRunner.RunAsync(server, "agent", "suspend", Id);

        JsonAssert.Equivalent("{}", server.Request.Body);
    }

    [Fact]
    public async Task Lifecycle_IllegalTransition_PrintsTheServersDetailAndExits1()
    {
        var server = new FakeServer().ReturnsProblem(HttpStatusCode.Conflict, "agent cannot resume from Terminated.");

        var result = await CliRunner.RunAsync(server, "agent", "resume", Id);

        Assert.Equal(ExitCodes.Refused, result.ExitCode);
        Assert.Equal("error: 409 agent cannot resume from Terminated.\n", result.Error);
    }

    [Fact]
    public async Task RevokeCredential_WithReasonCode_PostsToTheCredentialAndPrintsIt()
    {
        var server = new FakeServer().Returns("""
            { "id": "5a1e", "kind": "x509_svid", "state": "revoked", "revoked_at": "2026-11-28T21:00:00Z", "reason_code": "key_compromise" }
            """);

        var result = await CliRunner.RunAsync(server, "agent", "revoke-credential", Id, "5a1e", "--reason", "laptop stolen", "--reason-code", "key_compromise");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Equal(HttpMethod.Post, server.Request.Method);
        Assert.Equal($"/v1/agents/{EncodedId}/credentials/5a1e/revoke", server.Request.PathAndQuery);
        JsonAssert.Equivalent("""{ "reason": "laptop stolen", "reason_code": "key_compromise" }""", server.Request.Body);
        Assert.StartsWith("id:", result.Out, StringComparison.Ordinal);
        Assert.Contains("revoked", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RevokeCredential_WithoutReason_IsAUsageErrorAndSendsNothing()
    {
        var server = new FakeServer();

        var result = await CliRunner.RunAsync(server, "agent", "revoke-credential", Id, "5a1e");

        Assert.NotEqual(ExitCodes.Ok, result.ExitCode);
        Assert.Contains("--reason", result.Error, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Move_PostsTheNewIdAndReasonAndPrintsBothSides()
    {
        const string newId = "spiffe://aims.local/agents/team-b/data-analyst";
        var server = new FakeServer().Returns(HttpStatusCode.Created, $$"""
            {
              "from": { "spiffe_id": "{{Id}}", "state": "terminated", "policy": "analysts", "moved_to": "{{newId}}" },
              "to": { "spiffe_id": "{{newId}}", "state": "registered", "policy": "analysts", "moved_from": "{{Id}}" }
            }
            """);

        var result = await CliRunner.RunAsync(server, "agent", "move", Id, newId, "--reason", "team merge");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Equal(HttpMethod.Post, server.Request.Method);
        Assert.Equal($"/v1/agents/{EncodedId}/move", server.Request.PathAndQuery);
        JsonAssert.Equivalent($$"""{ "spiffe_id": "{{newId}}", "reason": "team merge" }""", server.Request.Body);
        Assert.Equal(
            $"""
            from:       {Id}
            from.state: terminated
            to:         {newId}
            to.state:   registered
            to.policy:  analysts

            """,
            result.Out);
    }

    [Fact]
    public async Task Move_WithoutTheNewId_IsAUsageError()
    {
        var server = new FakeServer();

        var result = await CliRunner.RunAsync(server, "agent", "move", Id);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task RevokeCredential_AlreadyRevoked_PrintsTheServersDetailAndExits1()
    {
        var server = new FakeServer().ReturnsProblem(HttpStatusCode.Conflict, "credential 5a1e is already revoked");

        var result = await CliRunner.RunAsync(server, "agent", "revoke-credential", Id, "5a1e", "--reason", "again");

        Assert.Equal(ExitCodes.Refused, result.ExitCode);
        Assert.Equal("error: 409 credential 5a1e is already revoked\n", result.Error);
    }

    [Fact]
    public async Task Move_TargetTaken_PrintsTheServersDetailAndExits1()
    {
        var server = new FakeServer().ReturnsProblem(HttpStatusCode.Conflict, "agent spiffe://aims.local/agents/b is already registered; a move needs an unused SPIFFE ID");

        var result = await CliRunner.RunAsync(server, "agent", "move", Id, "spiffe://aims.local/agents/b");

        Assert.Equal(ExitCodes.Refused, result.ExitCode);
        Assert.StartsWith("error: 409 agent spiffe://aims.local/agents/b is already registered", result.Error, StringComparison.Ordinal);
    }
}
