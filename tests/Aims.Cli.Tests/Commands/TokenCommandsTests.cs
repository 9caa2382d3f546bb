using System.Net;
using Aims.Cli.Tests.Testing;

namespace Aims.Cli.Tests.Commands;

public sealed class TokenCommandsTests
{
    private const string Issued = """{ "access_token": "eyJ.at", "token_type": "Bearer", "expires_in": 300, "scope": "read:reports" }""";

    private const string Exchanged = """
        { "access_token": "eyJ.exchanged", "issued_token_type": "urn:ietf:params:oauth:token-type:access_token",
          "token_type": "Bearer", "expires_in": 300, "scope": "read:reports" }
        """;

    [Fact]
    public async Task ClientCredentials_PostsTheFormWithTheAssertionAndNoOperatorToken()
    {
        var server = new FakeServer().Returns(HttpStatusCode.OK, Issued);

        var result = await CliRunner.RunAsync(
            server, "token", "client-credentials", "--assertion", "eyJ.svid", "--resource", "https://api.example.com", "--scope", "read:reports");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Equal(HttpMethod.Post, server.Request.Method);
        Assert.Equal("/oauth2/token", server.Request.PathAndQuery);
        Assert.Null(server.Request.Authorization);
        Assert.Equal(
            "grant_type=client_credentials&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer"
            + "&client_assertion=eyJ.svid&resource=https%3A%2F%2Fapi.example.com&scope=read%3Areports",
            server.Request.Body);
        Assert.StartsWith("access_token: eyJ.at", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClientCredentials_WithoutResource_IsAUsageError()
    {
        var result = await CliRunner.RunAsync(new FakeServer(), "token", "client-credentials", "--assertion", "eyJ.svid");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("--resource", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClientCredentials_OAuthError_PrintsItsDescriptionAndExits1()
    {
        var server = new FakeServer().Returns(
            HttpStatusCode.Unauthorized, """{ "error": "invalid_client", "error_description": "client_assertion jti 'x' was already used" }""");

        var result = await CliRunner.RunAsync(server, "token", "client-credentials", "--assertion", "eyJ.svid", "--resource", "https://api.example.com");

        Assert.Equal(ExitCodes.Refused, result.ExitCode);
        Assert.Equal("error: 401 invalid_client: client_assertion jti 'x' was already used\n", result.Error);
    }

    [Fact]
    public async Task ClientCredentials_AssertionFromFile_SendsTheFileContentWithoutItsNewline()
    {
        using var file = new TempFile("eyJ.svid\n");
        var server = new FakeServer().Returns(HttpStatusCode.OK, Issued);

        var result = await CliRunner.RunAsync(server, "token", "client-credentials", "--assertion", "@" + file.Path, "--resource", "https://api.example.com");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Contains("&client_assertion=eyJ.svid&", server.Request.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exchange_PostsTheRfc8693FormAsTheAgentAndPrintsTheServersJson()
    {
        var server = new FakeServer().Returns(HttpStatusCode.OK, Exchanged);

        var result = await CliRunner.RunAsync(
            server, "token", "exchange", "--assertion", "eyJ.svid", "--subject-token", "eyJ.subject",
            "--resource", "https://api.example.com/reports", "--scope", "read:reports");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Equal("/oauth2/token", server.Request.PathAndQuery);
        Assert.Null(server.Request.Authorization);
        Assert.Equal(
            "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Atoken-exchange"
            + "&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion=eyJ.svid"
            + "&subject_token=eyJ.subject&subject_token_type=urn%3Aietf%3Aparams%3Aoauth%3Atoken-type%3Aaccess_token"
            + "&resource=https%3A%2F%2Fapi.example.com%2Freports&scope=read%3Areports",
            server.Request.Body);
        JsonAssert.Equivalent(Exchanged, result.Out);
        Assert.Empty(result.Error);
    }

    [Fact]
    public async Task Exchange_ActorTokenAudienceAndImpersonation_AreSentAsRfc8693Parameters()
    {
        var server = new FakeServer().Returns(HttpStatusCode.OK, Exchanged);

        var result = await CliRunner.RunAsync(
            server, "token", "exchange", "--assertion", "eyJ.svid", "--subject-token", "eyJ.subject", "--actor-token", "eyJ.actor",
            "--audience", "spiffe://aims.local/svc/db", "--impersonation");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        var form = Form(server.Request.Body);
        Assert.Equal("eyJ.actor", form["actor_token"]);
        Assert.Equal("urn:ietf:params:oauth:token-type:jwt", form["actor_token_type"]);
        Assert.Equal("spiffe://aims.local/svc/db", form["audience"]);
        Assert.Equal("true", form["impersonation"]);
        Assert.False(form.ContainsKey("resource"));
        Assert.False(form.ContainsKey("scope"));
    }

    [Fact]
    public async Task Exchange_SubjectTokenFromStandardInput_SendsItTrimmed()
    {
        var server = new FakeServer().Returns(HttpStatusCode.OK, Exchanged);

        var result = await CliRunner.RunWithInputAsync(
            server, "eyJ.piped\n", "token", "exchange", "--assertion", "eyJ.svid", "--subject-token", "-", "--resource", "https://api.example.com");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Equal("eyJ.piped", Form(server.Request.Body)["subject_token"]);
    }

    [Fact]
    public async Task Exchange_SubjectTokenFromFile_SendsIt()
    {
        using var file = new TempFile("  eyJ.from-file\r\n");
        var server = new FakeServer().Returns(HttpStatusCode.OK, Exchanged);

        var result = await CliRunner.RunAsync(
            server, "token", "exchange", "--assertion", "eyJ.svid", "--subject-token", "@" + file.Path, "--resource", "https://api.example.com");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Equal("eyJ.from-file", Form(server.Request.Body)["subject_token"]);
    }

    [Theory]
    [InlineData("--resource <uri> or --audience <name> is required", "--assertion", "a", "--subject-token", "s")]
    [InlineData("--subject-token <token|@file|-> is required", "--assertion", "a", "--resource", "https://api.example.com")]
    [InlineData("--assertion <token|@file|-> is required", "--subject-token", "s", "--resource", "https://api.example.com")]
    [InlineData("only one of --assertion, --subject-token", "--assertion", "-", "--subject-token", "-", "--resource", "https://api.example.com")]
    [InlineData("from standard input is empty", "--assertion", "a", "--subject-token", "-", "--resource", "https://api.example.com")]
    [InlineData("cannot read /nonexistent/aims/subject.jwt", "--assertion", "a", "--subject-token", "@/nonexistent/aims/subject.jwt", "--resource", "https://api.example.com")]
    [InlineData("needs a file name", "--assertion", "a", "--subject-token", "@", "--resource", "https://api.example.com")]
    [InlineData("contains whitespace", "--assertion", "a b", "--subject-token", "s", "--resource", "https://api.example.com")]
    [InlineData("--impersonation takes no value", "--assertion", "a", "--subject-token", "s", "--resource", "https://api.example.com", "--impersonation=yes")]
    public async Task Exchange_BadArguments_IsAUsageErrorThatSaysWhyAndSendsNothing(string why, params string[] options)
    {
        var server = new FakeServer();

        var result = await CliRunner.RunAsync(server, ["token", "exchange", .. options]);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains(why, result.Error, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
        Assert.Empty(result.Out);
    }

    [Fact]
    public async Task Exchange_InvalidGrant_PrintsTheOAuthErrorAndItsDescriptionAndExits1()
    {
        var server = new FakeServer().Returns(
            HttpStatusCode.BadRequest,
            """{ "error": "invalid_grant", "error_description": "subject_token was not issued to spiffe://aims.local/agents/b (its aud does not name it)" }""");

        var result = await CliRunner.RunAsync(
            server, "token", "exchange", "--assertion", "eyJ.svid", "--subject-token", "eyJ.subject", "--resource", "https://api.example.com");

        Assert.Equal(ExitCodes.Refused, result.ExitCode);
        Assert.Equal("error: 400 invalid_grant: subject_token was not issued to spiffe://aims.local/agents/b (its aud does not name it)\n", result.Error);
        Assert.Empty(result.Out);
    }

    [Fact]
    public async Task Introspect_SendsTheOperatorToken()
    {
        var server = new FakeServer().Returns(HttpStatusCode.OK, """{ "active": false }""");

        var result = await CliRunner.RunAsync(server, "token", "introspect", "eyJ.at");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Equal("/oauth2/introspect", server.Request.PathAndQuery);
        Assert.Equal($"Bearer {CliRunner.Token}", server.Request.Authorization);
        Assert.Equal("token=eyJ.at", server.Request.Body);
    }

    private static Dictionary<string, string> Form(string? body) =>
        (body ?? string.Empty).Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(kv => Uri.UnescapeDataString(kv[0]), kv => Uri.UnescapeDataString(kv[1].Replace('+', ' ')), StringComparer.Ordinal);

    /// <summary>A file holding a token, deleted afterwards.</summary>
    private sealed class TempFile : IDisposable
    {
        public TempFile(string content)
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "aims-cli-token-" + Guid.NewGuid().ToString("N"));
            File.WriteAllText(Path, content);
        }

        public string Path { get; }

        public void Dispose() => File.Delete(Path);
    }
}
