using System.Net;
using System.Text.Json;
using Aims.ResourceServer.Metadata;
using Aims.ResourceServer.Tests.Testing;

namespace Aims.ResourceServer.Tests.Metadata;

public sealed class ProtectedResourceMetadataTests
{
    [Theory]
    [InlineData("https://reports.test", "/.well-known/oauth-protected-resource")]
    [InlineData("https://reports.test/", "/.well-known/oauth-protected-resource")]
    [InlineData("https://api.test/reports", "/.well-known/oauth-protected-resource/reports")]
    [InlineData("https://api.test/tools/reports/", "/.well-known/oauth-protected-resource/tools/reports")]
    public void PathFor_InsertsTheWellKnownSuffixBeforeThePath(string resource, string expected) =>
        Assert.Equal(expected, ProtectedResourceMetadata.PathFor(resource));

    [Fact]
    public async Task Get_Metadata_NamesTheResourceTheFabricAndHeaderOnlyBearerTokens()
    {
        using var fabric = new FakeFabric();
        await using var tool = await ToolHost.StartAsync(fabric);

        using var response = await tool.Client.GetAsync("/.well-known/oauth-protected-resource");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var metadata = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(ToolHost.Resource, metadata.GetProperty("resource").GetString());
        Assert.Equal([FakeFabric.Issuer], metadata.GetProperty("authorization_servers").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["read:reports", "write:reports"], metadata.GetProperty("scopes_supported").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["header"], metadata.GetProperty("bearer_methods_supported").EnumerateArray().Select(e => e.GetString()));
        Assert.True(metadata.GetProperty("tls_client_certificate_bound_access_tokens").GetBoolean());
    }

    [Fact]
    public async Task ResourceWithAPath_ServesMetadataAtTheDerivedPathAndTheChallengePointsThere()
    {
        using var fabric = new FakeFabric();
        await using var tool = await ToolHost.StartAsync(fabric, resource: "https://api.test/reports");

        using var metadata = await tool.Client.GetAsync("/.well-known/oauth-protected-resource/reports");
        using var challenged = await tool.GetAsync("/reports", token: null);

        Assert.Equal(HttpStatusCode.OK, metadata.StatusCode);
        var challenge = await Challenge.AssertAsync(challenged, HttpStatusCode.Unauthorized, error: null);
        Assert.Equal("https://api.test/.well-known/oauth-protected-resource/reports", challenge["resource_metadata"]);
    }
}
