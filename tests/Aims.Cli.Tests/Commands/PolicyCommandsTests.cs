using System.Net;
using Aims.Cli.Tests.Testing;

namespace Aims.Cli.Tests.Commands;

public sealed class PolicyCommandsTests : IDisposable
{
    private const string Document = """{ "rules": [ { "match": "spiffe://aims.local/agents/*", "attestation": ["join_token"] } ] }""";

    private readonly string _file = Path.Combine(Path.GetTempPath(), $"aims-policy-{Guid.NewGuid():N}.json");

    public PolicyCommandsTests() => File.WriteAllText(_file, Document);

    public void Dispose() => File.Delete(_file);

    [Fact]
    public async Task Apply_PutsTheFileContentAsJson()
    {
        var server = new FakeServer().Returns("""{ "name": "analysts", "version": 2, "changed": true }""");

        var result = await CliRunner.RunAsync(server, "policy", "apply", "analysts", _file);

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Equal(HttpMethod.Put, server.Request.Method);
        Assert.Equal("/v1/policies/analysts", server.Request.PathAndQuery);
        Assert.Equal("application/json", server.Request.ContentType);
        Assert.Equal(Document, server.Request.Body);
        Assert.Equal($"Bearer {CliRunner.Token}", server.Request.Authorization);
        Assert.Equal("name:    analysts\nversion: 2\nchanged: true\n", result.Out);
    }

    [Fact]
    public async Task Apply_NameWithReservedCharacters_IsEncodedInThePath()
    {
        var server = new FakeServer().Returns("{}");

        await CliRunner.RunAsync(server, "policy", "apply", "team a/b", _file);

        Assert.Equal("/v1/policies/team%20a%2Fb", server.Request.PathAndQuery);
    }

    [Fact]
    public async Task Apply_InvalidDocument_PrintsTheServersDetailAndExits1()
    {
        var server = new FakeServer().ReturnsProblem(HttpStatusCode.BadRequest, "rules[0].match: pattern must start with spiffe://.");

        var result = await CliRunner.RunAsync(server, "policy", "apply", "analysts", _file);

        Assert.Equal(ExitCodes.Refused, result.ExitCode);
        Assert.Equal("error: 400 rules[0].match: pattern must start with spiffe://.\n", result.Error);
    }

    [Fact]
    public async Task Show_Human_PrintsFieldsThenTheDocumentIndented()
    {
        var server = new FakeServer().Returns($$"""
            { "name": "analysts", "version": 2, "sha256": "ab12", "author": "admin", "document": {{Document}} }
            """);

        var result = await CliRunner.RunAsync(server, "policy", "show", "analysts");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Equal("/v1/policies/analysts", server.Request.PathAndQuery);
        Assert.Equal(
            """
            name:    analysts
            version: 2
            sha256:  ab12
            author:  admin
            document:
              {
                "rules": [
                  {
                    "match": "spiffe://aims.local/agents/*",
                    "attestation": [
                      "join_token"
                    ]
                  }
                ]
              }

            """,
            result.Out);
    }

    [Fact]
    public async Task Show_DocumentAsJsonText_IsPrettyPrintedToo()
    {
        var server = new FakeServer().Returns("""{ "name": "p", "document": "{\"rules\":[]}" }""");

        var result = await CliRunner.RunAsync(server, "policy", "show", "p");

        Assert.Equal("name: p\ndocument:\n  {\n    \"rules\": []\n  }\n", result.Out);
    }
}
