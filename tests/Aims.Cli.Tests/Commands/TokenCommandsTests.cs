using System.Net;
using Aims.Cli.Tests.Testing;

namespace Aims.Cli.Tests.Commands;

public sealed class TokenCommandsTests
{
    private const string Issued = """{ "access_token": "eyJ.at", "token_type": "Bearer", "expires_in": 300, "scope": "read:reports" }""";

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
        Assert.Contains("already used", result.Error, StringComparison.Ordinal);
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
}
