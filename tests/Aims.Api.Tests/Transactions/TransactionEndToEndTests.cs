using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text.Json;
using Aims.Api.Tests.OAuth;
using Aims.Api.Tests.Signals;
using Aims.Api.Tests.Testing;
using Aims.ResourceServer;
using Aims.ResourceServer.Authentication;
using Aims.ResourceServer.Authorization;
using Aims.ResourceServer.Signals;
using Aims.ResourceServer.Transactions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Aims.Api.Tests.Transactions;

/// <summary>
/// Transaction tokens end to end, against a real silo: an agent calls a tool (wired like client/Aims.SampleTool) with
/// its access token; the tool starts a transaction at the fabric and calls a second service, the ledger, with the
/// Txn-Token; the ledger validates it with Aims.ResourceServer, trades it for an access token to call a third
/// service, and refuses the transaction once the fabric signals that the agent was compromised.
/// </summary>
[Collection(AimsApiCollection.Name)]
public sealed class TransactionEndToEndTests(AimsApiFixture fixture)
{
    [Fact]
    public async Task A_tool_passes_a_transaction_token_to_a_second_service_which_refuses_it_after_a_compromise()
    {
        var p = await TxnWire.PartiesAsync(fixture);
        var (receiver, _) = await SsfWire.ReceiverAsync(fixture);
        var ssfToken = await SsfWire.TokenAsync(fixture, receiver, "ssf.manage");
        await using var ledger = await StartLedgerAsync(p.LedgerSvid, ssfToken);
        using var ledgerClient = ledger.GetTestClient();
        await ledger.Services.GetRequiredService<FabricSignalSubscriber>().Subscribed.WaitAsync(TimeSpan.FromSeconds(30));
        await using var tool = await StartToolAsync(p.GatewaySvid, ledgerClient);
        using var toolClient = tool.GetTestClient();
        var accessToken = await OAuthWire.IssueAsync(fixture.Anonymous, p.AnalystSvid, "read:reports write:reports");

        // The agent calls the tool; the tool starts a transaction and calls the ledger with the Txn-Token.
        using var request = new HttpRequestMessage(HttpMethod.Get, "/reports/q1-revenue/summary");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using var response = await toolClient.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var summary = JsonDocument.Parse(body).RootElement;
        var seen = summary.GetProperty("ledger");
        Assert.Equal(p.Analyst, seen.GetProperty("sub").GetString());
        Assert.Equal([p.Gateway], seen.GetProperty("req_wl").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["read:reports"], seen.GetProperty("scope").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("q1-revenue", JsonDocument.Parse(seen.GetProperty("tctx").GetString()!).RootElement.GetProperty("report").GetString());

        // The ledger traded the Txn-Token for an access token to an outside service: it acts for the analyst.
        var outbound = Wire.JwtPayload(seen.GetProperty("outbound_access_token").GetString()!);
        Assert.Equal(p.Analyst, outbound.GetProperty("sub").GetString());
        Assert.Equal(p.Ledger, outbound.GetProperty("act").GetProperty("sub").GetString());
        Assert.Equal(TxnWire.LedgerResource, outbound.GetProperty("aud").GetString());

        var txnToken = summary.GetProperty("txn_token").GetString()!;
        Assert.Equal(HttpStatusCode.OK, await LedgerStatusAsync(ledgerClient, txnToken));

        // A transaction token is never a Bearer credential.
        using (var misuse = new HttpRequestMessage(HttpMethod.Get, "/entries"))
        {
            misuse.Headers.Authorization = new AuthenticationHeaderValue("Bearer", txnToken);
            using var refused = await ledgerClient.SendAsync(misuse);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Contains("Txn-Token header", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var compromise = await fixture.Operator.PostAsync($"/v1/agents/{Wire.Encode(p.Analyst)}/compromise", Wire.Json("""{"reason":"stolen key"}""")))
            Assert.Equal(HttpStatusCode.OK, compromise.StatusCode);

        // The fabric answers at once; the ledger as soon as the SET arrives on its stream, long before expiry.
        Assert.False((await TxnWire.IntrospectAsync(fixture, txnToken)).GetProperty("active").GetBoolean());
        var deadline = DateTime.UtcNow.AddSeconds(20);
        var status = HttpStatusCode.OK;
        while (status == HttpStatusCode.OK && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
            status = await LedgerStatusAsync(ledgerClient, txnToken);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.True(Wire.JwtPayload(txnToken).GetProperty("exp").GetInt64() > DateTimeOffset.UtcNow.ToUnixTimeSeconds(), "refused before expiry, not by it");
    }

    /// <summary>The tool, as client/Aims.SampleTool wires it: access tokens for its resource, and a client of the token service.</summary>
    private async Task<WebApplication> StartToolAsync(string svid, HttpClient ledger)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddHttpClient(FabricHttp.ClientName).ConfigurePrimaryHttpMessageHandler(() => fixture.Factory.Server.CreateHandler());
        builder.Services.AddAuthentication(AimsAccessTokenDefaults.AuthenticationScheme)
            .AddAimsAccessTokens(o =>
            {
                o.Issuer = SsfWire.Issuer;
                o.Resource = OAuthWire.Resource;
            })
            .AddAimsTxnTokens(o =>
            {
                o.TrustDomain = AimsApiFixture.TrustDomain;
                o.ClientAssertion = _ => Task.FromResult(svid);
            });
        builder.Services.AddAuthorization();
        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/reports/{id}/summary", async (string id, HttpContext http, FabricTransactionTokens transactions) =>
        {
            var accessToken = http.Request.Headers.Authorization.ToString()["Bearer ".Length..];
            var txn = await transactions.StartAsync(accessToken, "read:reports",
                requestDetails: $$"""{"action":"summarize","report":"{{id}}"}""", requestContext: """{"req_ip":"203.0.113.7"}""");
            using var call = new HttpRequestMessage(HttpMethod.Get, "/entries");
            call.Headers.Add(AimsTxnTokenDefaults.Header, txn.Token);
            using var answer = await ledger.SendAsync(call);
            answer.EnsureSuccessStatusCode();
            return Results.Json(new { txn_token = txn.Token, ledger = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement });
        }).RequireScope("read:reports");
        await app.StartAsync();
        return app;
    }

    /// <summary>The second service: Txn-Tokens only on /entries, the fabric's signals, and a client of the token service.</summary>
    private async Task<WebApplication> StartLedgerAsync(string svid, string ssfToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddHttpClient(FabricHttp.ClientName).ConfigurePrimaryHttpMessageHandler(() => fixture.Factory.Server.CreateHandler());
        builder.Services.AddAuthentication(AimsAccessTokenDefaults.AuthenticationScheme)
            .AddAimsAccessTokens(o =>
            {
                o.Issuer = SsfWire.Issuer;
                o.Resource = TxnWire.LedgerResource;
            })
            .AddAimsTxnTokens(o =>
            {
                o.TrustDomain = AimsApiFixture.TrustDomain;
                o.ClientAssertion = _ => Task.FromResult(svid);
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
        app.MapGet("/entries", async (HttpContext http, ClaimsPrincipal caller, FabricTransactionTokens transactions) =>
        {
            // Calling outside the call chain: the Txn-Token becomes an access token for that service, never forwarded as one.
            var outbound = http.Request.Query.ContainsKey("probe")
                ? null
                : await transactions.ExchangeForAccessTokenAsync(http.GetTxnToken()!.Token, TxnWire.LedgerResource, "read:reports");
            return Results.Json(new
            {
                sub = caller.FindFirstValue(AimsClaimTypes.Subject),
                txn = caller.FindFirstValue(TxnClaimTypes.Txn),
                scope = caller.FindAll(AimsClaimTypes.Scope).Select(c => c.Value),
                req_wl = caller.FindAll(TxnClaimTypes.RequestingWorkload).Select(c => c.Value),
                tctx = caller.FindFirstValue(TxnClaimTypes.TransactionContext),
                outbound_access_token = outbound?.Token,
            });
        }).RequireTransactionScope("read:reports");
        await app.StartAsync();
        return app;
    }

    private static async Task<HttpStatusCode> LedgerStatusAsync(HttpClient ledger, string txnToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/entries?probe=1");
        request.Headers.Add(AimsTxnTokenDefaults.Header, txnToken);
        using var response = await ledger.SendAsync(request);
        return response.StatusCode;
    }
}
