using System.Security.Claims;
using Aims.Core.OAuth;
using Aims.Core.Tokens;
using Aims.Core.Transactions;
using Aims.ResourceServer.Authentication;
using Aims.ResourceServer.Authorization;
using Aims.ResourceServer.Transactions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Aims.ResourceServer.Tests.Testing;

/// <summary>
/// An internal service of the trust domain on a test server, wired as an application would: it accepts the
/// <see cref="FakeFabric"/>'s access tokens and its transaction tokens. <c>GET /ledger</c> needs a Txn-Token with
/// <c>read:reports</c> and echoes the transaction; <c>GET /reports</c> needs an access token.
/// </summary>
internal sealed class TxnServiceHost : IAsyncDisposable
{
    public const string TrustDomain = "aims.local";

    private readonly WebApplication _app;

    private TxnServiceHost(WebApplication app)
    {
        _app = app;
        Client = app.GetTestServer().CreateClient();
    }

    public HttpClient Client { get; }

    public RevocationCache Revocations => _app.Services.GetRequiredService<RevocationCache>();

    public static async Task<TxnServiceHost> StartAsync(FakeFabric fabric)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddSingleton<TimeProvider>(fabric.Time);
        builder.Services.AddAuthentication(AimsAccessTokenDefaults.AuthenticationScheme)
            .AddAimsAccessTokens(options =>
            {
                options.Issuer = FakeFabric.Issuer;
                options.Resource = ToolHost.Resource;
            })
            .AddAimsTxnTokens(options => options.TrustDomain = TrustDomain);
        builder.Services.AddHttpClient(FabricHttp.ClientName).ConfigurePrimaryHttpMessageHandler(fabric.CreateHandler);
        builder.Services.AddAuthorization();

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/ledger", (HttpContext http, ClaimsPrincipal caller) => new
        {
            txn = caller.FindFirstValue(TxnClaimTypes.Txn),
            sub = caller.FindFirstValue(AimsClaimTypes.Subject),
            scope = caller.FindAll(AimsClaimTypes.Scope).Select(c => c.Value),
            req_wl = caller.FindAll(TxnClaimTypes.RequestingWorkload).Select(c => c.Value),
            tctx = caller.FindFirstValue(TxnClaimTypes.TransactionContext),
            forwarded = http.GetTxnToken()?.Token == http.Request.Headers[AimsTxnTokenDefaults.Header].ToString(),
        }).RequireTransactionScope("read:reports");
        app.MapGet("/ledger/edit", () => "edited").RequireTransactionScope("write:reports");
        app.MapGet("/reports", () => "q1-revenue").RequireScope("read:reports");
        await app.StartAsync();
        return new TxnServiceHost(app);
    }

    /// <summary>A Txn-Token as the fabric signs it (draft §4), with any claim changed by <paramref name="request"/>.</summary>
    public static string TxnToken(FakeFabric fabric, Func<TxnTokenRequest, TxnTokenRequest>? request = null, DateTimeOffset? now = null) =>
        new TxnTokenWriter().Mint(fabric.Key, (request ?? (r => r))(new TxnTokenRequest
        {
            Issuer = FakeFabric.Issuer,
            Txn = "97053963-771d-49cc-a4e3-20aad399c312",
            Subject = "spiffe://aims.local/agents/analyst",
            Audience = TrustDomain,
            Scope = ScopeSet.Parse("read:reports"),
            RequestingWorkloads = ["spiffe://aims.local/tools/gateway"],
            TransactionContext = """{"report":"q1-revenue"}""",
            Ttl = TimeSpan.FromMinutes(5),
        }), now ?? fabric.Time.GetUtcNow()).Token;

    public Task<HttpResponseMessage> GetAsync(string path, string? txnToken = null, string? authorization = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (txnToken is not null)
            request.Headers.Add(AimsTxnTokenDefaults.Header, txnToken);
        if (authorization is not null)
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", authorization);
        return Client.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
