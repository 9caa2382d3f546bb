using Aims.Cli.Tests.Testing;

namespace Aims.Cli.Tests.Commands;

public sealed class AuditCommandsTests
{
    [Fact]
    public async Task Verify_ValidChain_PrintsTheResultAndExits0()
    {
        var server = new FakeServer().Returns("""{ "valid": true, "record_count": 12, "head_hash": "9f2c", "first_bad_sequence": null, "problem": null }""");

        var result = await CliRunner.RunAsync(server, "audit", "verify");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Equal(HttpMethod.Get, server.Request.Method);
        Assert.Equal("/v1/audit/verify", server.Request.PathAndQuery);
        Assert.Equal($"Bearer {CliRunner.Token}", server.Request.Authorization);
        Assert.Equal(
            """
            valid:              true
            record_count:       12
            head_hash:          9f2c
            first_bad_sequence: -
            problem:            -

            """,
            result.Out);
        Assert.Empty(result.Error);
    }

    [Fact]
    public async Task Verify_BrokenChain_SaysWhereAndExits1()
    {
        var server = new FakeServer().Returns("""{ "valid": false, "record_count": 12, "first_bad_sequence": 5, "problem": "hash mismatch" }""");

        var result = await CliRunner.RunAsync(server, "audit", "verify");

        Assert.Equal(ExitCodes.Refused, result.ExitCode);
        Assert.Equal("error: the audit chain is broken at sequence 5: hash mismatch\n", result.Error);
        Assert.Contains("valid:", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_WithAgentAndSince_SendsThemEncodedWithSinceInUtc()
    {
        var server = new FakeServer().Returns("""{ "records": [] }""");

        var result = await CliRunner.RunAsync(server, "audit", "list", "--agent", "spiffe://aims.local/agents/x", "--since", "2026-11-28T22:00:00+01:00");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Equal("/v1/audit?agent=spiffe%3A%2F%2Faims.local%2Fagents%2Fx&since=2026-11-28T21%3A00%3A00Z", server.Request.PathAndQuery);
    }

    [Fact]
    public async Task List_Human_PrintsOneRowPerRecord()
    {
        var server = new FakeServer().Returns("""
            { "records": [
              { "sequence": 1, "timestamp": "2026-11-28T21:00:00Z", "action": "agent.register", "decision": "Allowed", "agent_id": "spiffe://aims.local/a", "actor": "admin" },
              { "sequence": 2, "timestamp": "2026-11-28T21:01:00Z", "action": "agent.suspend", "decision": "Allowed", "agent_id": "spiffe://aims.local/a", "actor": null }
            ] }
            """);

        var result = await CliRunner.RunAsync(server, "audit", "list");

        Assert.Equal("/v1/audit", server.Request.PathAndQuery);
        Assert.Equal(
            """
            SEQ  TIME                  ACTION          DECISION  AGENT                  ACTOR
            1    2026-11-28T21:00:00Z  agent.register  Allowed   spiffe://aims.local/a  admin
            2    2026-11-28T21:01:00Z  agent.suspend   Allowed   spiffe://aims.local/a  -

            """,
            result.Out);
    }

    [Fact]
    public async Task List_FollowsTheSequenceCursorUntilNull()
    {
        var server = new FakeServer()
            .Returns("""{ "records": [ { "sequence": 1, "action": "a", "decision": "Allowed" } ], "next": 1 }""")
            .Returns("""{ "records": [ { "sequence": 2, "action": "b", "decision": "Denied" } ] }""");

        var result = await CliRunner.RunAsync(server, "audit", "list", "--agent", "spiffe://aims.local/a", "--json");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Equal(
            ["/v1/audit?agent=spiffe%3A%2F%2Faims.local%2Fa", "/v1/audit?agent=spiffe%3A%2F%2Faims.local%2Fa&after=1"],
            server.Requests.Select(r => r.PathAndQuery));
        JsonAssert.Equivalent(
            """{ "records": [ { "sequence": 1, "action": "a", "decision": "Allowed" }, { "sequence": 2, "action": "b", "decision": "Denied" } ], "next": null }""",
            result.Out);
    }

    [Fact]
    public async Task List_AnswerWithoutRecords_Exits1()
    {
        var result = await CliRunner.RunAsync(new FakeServer().Returns("""[ { "sequence": 1 } ]"""), "audit", "list");

        Assert.Equal(ExitCodes.Refused, result.ExitCode);
        Assert.Equal("error: unexpected answer from the server: no \"records\" array; is --server pointing at an Aims silo?\n", result.Error);
    }
}
