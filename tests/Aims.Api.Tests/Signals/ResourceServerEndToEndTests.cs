using System.Net;
using System.Net.Http.Headers;
using Aims.Api.Tests.OAuth;
using Aims.Api.Tests.Testing;
using Aims.ResourceServer;
using Aims.ResourceServer.Authentication;
using Aims.ResourceServer.Authorization;
using Aims.ResourceServer.Signals;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Aims.Api.Tests.Signals;

/// <summary>
/// A tool server built on Aims.ResourceServer, pointed at a real silo: it accepts an agent's token, and refuses it
/// as soon as the fabric's SET about the compromise arrives over its poll stream, long before the token expires.
/// </summary>
[Collection(AimsApiCollection.Name)]
public sealed class ResourceServerEndToEndTests(AimsApiFixture fixture)
{
    [Fact]
    public async Task A_tool_refuses_a_compromised_agents_token_once_the_signal_arrives()
    {
        var (receiver, _) = await SsfWire.ReceiverAsync(fixture);
        var ssfToken = await SsfWire.TokenAsync(fixture, receiver, "ssf.manage");
        await using var tool = await StartToolAsync(ssfToken);
        using var client = tool.GetTestClient();
        await tool.Services.GetRequiredService<FabricSignalSubscriber>().Subscribed.WaitAsync(TimeSpan.FromSeconds(30));

        var policy = await OAuthWire.PutPolicyAsync(fixture.Operator);
        var (agent, svids) = await OAuthWire.AgentAsync(fixture, policy, audience: await OAuthWire.TokenEndpointAudienceAsync(fixture.Anonymous));
        var token = await OAuthWire.IssueAsync(fixture.Anonymous, svids[0]);
        Assert.Equal(HttpStatusCode.OK, await GetReportsAsync(client, token));

        using (var compromise = await fixture.Operator.PostAsync($"/v1/agents/{Wire.Encode(agent)}/compromise", Wire.Json("""{"reason":"stolen key"}""")))
            Assert.Equal(HttpStatusCode.OK, compromise.StatusCode);

        var deadline = DateTime.UtcNow.AddSeconds(20);
        var status = HttpStatusCode.OK;
        while (status == HttpStatusCode.OK && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
            status = await GetReportsAsync(client, token);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.True(Wire.JwtPayload(token).GetProperty("exp").GetInt64() > DateTimeOffset.UtcNow.ToUnixTimeSeconds(), "refused before expiry, not by it");
    }

    private async Task<WebApplication> StartToolAsync(string ssfToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddHttpClient(FabricHttp.ClientName).ConfigurePrimaryHttpMessageHandler(() => fixture.Factory.Server.CreateHandler());
        builder.Services.AddAuthentication(AimsAccessTokenDefaults.AuthenticationScheme).AddAimsAccessTokens(o =>
        {
            o.Issuer = SsfWire.Issuer;
            o.Resource = OAuthWire.Resource;
            o.ScopesSupported = ["read:reports"];
        });
        builder.Services.AddAuthorization();
        builder.Services.AddAimsSignalSubscriber(o =>
        {
            o.AccessToken = _ => Task.FromResult(ssfToken);
            o.PollTimeout = TimeSpan.FromSeconds(5);
        });
        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/reports", () => Results.Ok("reports")).RequireScope("read:reports");
        await app.StartAsync();
        return app;
    }

    private static async Task<HttpStatusCode> GetReportsAsync(HttpClient client, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/reports");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }
}
