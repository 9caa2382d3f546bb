using System.Net;
using System.Text.Json;
using Aims.ResourceServer.Tests.Testing;

namespace Aims.ResourceServer.Tests.Transactions;

/// <summary>The <c>Txn-Token</c> header as a receiving workload must check it (draft-ietf-oauth-transaction-tokens §7.1).</summary>
public sealed class TxnTokenAuthenticationTests : IAsyncLifetime
{
    private readonly FakeFabric _fabric = new();
    private TxnServiceHost _service = null!;

    public async Task InitializeAsync() => _service = await TxnServiceHost.StartAsync(_fabric);

    public async Task DisposeAsync()
    {
        await _service.DisposeAsync();
        _fabric.Dispose();
    }

    private string Txn(Func<Core.Transactions.TxnTokenRequest, Core.Transactions.TxnTokenRequest>? change = null) => TxnServiceHost.TxnToken(_fabric, change);

    [Fact]
    public async Task Get_ValidTxnToken_ExposesTheTransactionToTheApp()
    {
        var token = Txn(r => r with { RequestingWorkloads = ["spiffe://aims.local/tools/gateway", "spiffe://aims.local/svc/billing"] });

        using var response = await _service.GetAsync("/ledger", token);

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var json = JsonDocument.Parse(body).RootElement;
        Assert.Equal("97053963-771d-49cc-a4e3-20aad399c312", json.GetProperty("txn").GetString());
        Assert.Equal("spiffe://aims.local/agents/analyst", json.GetProperty("sub").GetString());
        Assert.Equal(["read:reports"], json.GetProperty("scope").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(["spiffe://aims.local/tools/gateway", "spiffe://aims.local/svc/billing"], json.GetProperty("req_wl").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal("""{"report":"q1-revenue"}""", json.GetProperty("tctx").GetString());
        Assert.True(json.GetProperty("forwarded").GetBoolean());
    }

    [Fact]
    public async Task Get_TxnTokenInAuthorization_IsRefusedWithWhereItBelongs()
    {
        using var response = await _service.GetAsync("/ledger", authorization: Txn());

        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("Txn-Token header", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_TxnTokenAsBearerAtAnAccessTokenEndpoint_IsRefused()
    {
        using var response = await _service.GetAsync("/reports", authorization: Txn());

        var attributes = await Challenge.AssertAsync(response, HttpStatusCode.Unauthorized, "invalid_token");
        Assert.Contains("Txn-Token header", attributes["error_description"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_AccessTokenInTheTxnTokenHeader_IsRefused()
    {
        using var response = await _service.GetAsync("/ledger", _fabric.AccessToken());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("this is an access token", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_TxnTokenOfAnotherTrustDomain_IsRefused()
    {
        using var response = await _service.GetAsync("/ledger", Txn(r => r with { Audience = "partner.example" }));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("not for 'aims.local'", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_ExpiredTxnToken_IsRefused()
    {
        var token = Txn();
        _fabric.Time.Advance(TimeSpan.FromMinutes(10));

        using var response = await _service.GetAsync("/ledger", token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("expired", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"alg":"none","kid":"key-1","typ":"txntoken+jwt"}""", null, "'none'")]
    [InlineData("""{"alg":"HS256","kid":"key-1","typ":"txntoken+jwt"}""", "secret", "HMAC")]
    public async Task Get_UnsafeAlgorithm_IsRefused(string header, string? secret, string detail)
    {
        var token = Jwt.Resign(Txn(), header, secret is null ? null : System.Text.Encoding.UTF8.GetBytes(secret));

        using var response = await _service.GetAsync("/ledger", token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(detail, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_TamperedSignature_IsRefused()
    {
        using var response = await _service.GetAsync("/ledger", Jwt.Tamper(Txn()));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Get_TwoTxnTokens_IsRefused()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/ledger");
        request.Headers.Add("Txn-Token", [Txn(), Txn()]);

        using var response = await _service.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("exactly one", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_NoTxnToken_IsRefusedSayingWhatIsNeeded()
    {
        using var response = await _service.GetAsync("/ledger");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.StartsWith("Txn-Token", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Contains("Txn-Token header", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("spiffe://aims.local/agents/analyst")]
    [InlineData("spiffe://aims.local/tools/gateway")]
    public async Task Get_PartyRevokedBySignal_IsRefused(string party)
    {
        var token = Txn();
        _service.Revocations.RevokeAgent(party, _fabric.Time.GetUtcNow());

        using var response = await _service.GetAsync("/ledger", token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("revoked", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_ScopeTheTransactionLacks_IsForbidden()
    {
        using var response = await _service.GetAsync("/ledger/edit", Txn());

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("write:reports", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
