using System.Net;
using Aims.Api.Tests.Testing;

namespace Aims.Api.Tests.OAuth;

/// <summary>
/// Transaction tokens through the token endpoint (draft-ietf-oauth-transaction-tokens): a gateway workload turns the
/// analyst's access token into a Txn-Token, a ledger workload replaces it with a narrower one or trades it for an
/// access token to call another service, and a compromise of the analyst ends the transaction everywhere.
/// </summary>
[Collection(AimsApiCollection.Name)]
public sealed class TransactionTokenTests(AimsApiFixture fixture)
{
    [Fact]
    public async Task Start_AccessTokenOfTheFrontedResource_ReturnsTxnTokenWithTheDraftClaims()
    {
        var p = await TxnWire.PartiesAsync(fixture);
        var accessToken = await OAuthWire.IssueAsync(fixture.Anonymous, p.AnalystSvid, "read:reports write:reports");

        using var response = await fixture.Anonymous.PostAsync("/oauth2/token", TxnWire.Request(p.GatewaySvid, accessToken, DelegationWire.AccessTokenType, "read:reports",
            ("request_details", """{"action":"summarize","report":"q1-revenue"}"""), ("request_context", """{"req_ip":"203.0.113.7"}""")));

        var body = await Wire.AssertJsonAsync(response, HttpStatusCode.OK);
        Assert.Equal(TxnWire.TxnTokenType, body.GetProperty("issued_token_type").GetString());
        Assert.Equal("N_A", body.GetProperty("token_type").GetString());
        Assert.False(body.TryGetProperty("refresh_token", out _));
        var token = body.GetProperty("access_token").GetString()!;
        Assert.Equal("txntoken+jwt", Wire.JwtHeader(token).GetProperty("typ").GetString());
        Assert.Equal("ES256", Wire.JwtHeader(token).GetProperty("alg").GetString());
        var claims = Wire.JwtPayload(token);
        Assert.Matches("^[0-9a-f-]{36}$", claims.GetProperty("txn").GetString());
        Assert.Equal(p.Analyst, claims.GetProperty("sub").GetString());
        Assert.Equal(AimsApiFixture.TrustDomain, claims.GetProperty("aud").GetString());
        Assert.Equal(await OAuthWire.IssuerAsync(fixture.Anonymous), claims.GetProperty("iss").GetString());
        Assert.Equal("read:reports", claims.GetProperty("scope").GetString());
        Assert.Equal(p.Gateway, claims.GetProperty("req_wl").GetString());
        Assert.Equal("q1-revenue", claims.GetProperty("tctx").GetProperty("report").GetString());
        Assert.Equal("203.0.113.7", claims.GetProperty("rctx").GetProperty("req_ip").GetString());
        Assert.Equal("urn:ietf:rfc:6749", claims.GetProperty("rctx").GetProperty("authn").GetString());
        Assert.Equal(300, claims.GetProperty("exp").GetInt64() - claims.GetProperty("iat").GetInt64());
        Assert.False(claims.TryGetProperty("act", out _));

        // The transaction is live, known to both agents party to it.
        var txn = claims.GetProperty("txn").GetString();
        Assert.Contains(await TxnWire.TransactionsAsync(fixture, p.Analyst), t => t.GetProperty("txn").GetString() == txn);
        var listed = Assert.Single(await TxnWire.TransactionsAsync(fixture, p.Gateway));
        Assert.Equal(p.Gateway, listed.GetProperty("req_wl").GetString());
        using var agent = await fixture.Operator.GetAsync($"/v1/agents/{Wire.Encode(p.Gateway)}");
        Assert.Equal(1, (await Wire.AssertJsonAsync(agent, HttpStatusCode.OK)).GetProperty("live_transactions").GetInt32());

        var introspected = await TxnWire.IntrospectAsync(fixture, token);
        Assert.True(introspected.GetProperty("active").GetBoolean());
        Assert.Equal(txn, introspected.GetProperty("txn").GetString());
        Assert.Equal("summarize", introspected.GetProperty("tctx").GetProperty("action").GetString());
    }

    [Fact]
    public async Task Start_ScopeWiderThanTheAccessToken_ReturnsInvalidScope()
    {
        var p = await TxnWire.PartiesAsync(fixture);
        var accessToken = await OAuthWire.IssueAsync(fixture.Anonymous, p.AnalystSvid, "read:reports");

        using var response = await fixture.Anonymous.PostAsync("/oauth2/token", TxnWire.Request(p.GatewaySvid, accessToken, DelegationWire.AccessTokenType, "read:reports write:reports"));

        var description = await OAuthWire.AssertErrorAsync(response, "invalid_scope");
        Assert.Contains("write:reports", description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WithoutScope_ReturnsInvalidRequest()
    {
        var p = await TxnWire.PartiesAsync(fixture);
        var accessToken = await OAuthWire.IssueAsync(fixture.Anonymous, p.AnalystSvid);

        using var response = await fixture.Anonymous.PostAsync("/oauth2/token", TxnWire.Request(p.GatewaySvid, accessToken, DelegationWire.AccessTokenType, null));

        Assert.Contains("scope is required", await OAuthWire.AssertErrorAsync(response, "invalid_request"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("other.example")]
    [InlineData("https://api.example.com/reports")]
    public async Task Start_AudienceNotTheTrustDomain_ReturnsInvalidTarget(string audience)
    {
        var p = await TxnWire.PartiesAsync(fixture);
        var accessToken = await OAuthWire.IssueAsync(fixture.Anonymous, p.AnalystSvid);
        var form = OAuthWire.Form(
            ("grant_type", DelegationWire.TokenExchange), ("client_assertion_type", OAuthWire.JwtBearerAssertionType), ("client_assertion", p.GatewaySvid),
            ("subject_token", accessToken), ("subject_token_type", DelegationWire.AccessTokenType), ("requested_token_type", TxnWire.TxnTokenType),
            ("audience", audience), ("scope", "read:reports"));

        using var response = await fixture.Anonymous.PostAsync("/oauth2/token", form);

        Assert.Contains("audience=aims.local", await OAuthWire.AssertErrorAsync(response, "invalid_target"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WithoutAudience_ReturnsInvalidTargetNamingTheTrustDomain()
    {
        var p = await TxnWire.PartiesAsync(fixture);
        var accessToken = await OAuthWire.IssueAsync(fixture.Anonymous, p.AnalystSvid);
        var form = OAuthWire.Form(
            ("grant_type", DelegationWire.TokenExchange), ("client_assertion_type", OAuthWire.JwtBearerAssertionType), ("client_assertion", p.GatewaySvid),
            ("subject_token", accessToken), ("subject_token_type", DelegationWire.AccessTokenType), ("requested_token_type", TxnWire.TxnTokenType),
            ("scope", "read:reports"));

        using var response = await fixture.Anonymous.PostAsync("/oauth2/token", form);

        Assert.Contains("audience=aims.local", await OAuthWire.AssertErrorAsync(response, "invalid_target"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_PolicyWithoutTransactions_ReturnsUnauthorizedClient()
    {
        var p = await TxnWire.PartiesAsync(fixture, transactions: false);
        var accessToken = await OAuthWire.IssueAsync(fixture.Anonymous, p.AnalystSvid);

        using var response = await fixture.Anonymous.PostAsync("/oauth2/token", TxnWire.Request(p.GatewaySvid, accessToken, DelegationWire.AccessTokenType, "read:reports"));

        Assert.Contains("oauth.transactions", await OAuthWire.AssertErrorAsync(response, "unauthorized_client"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_AccessTokenForAnotherService_ReturnsUnauthorizedClient()
    {
        var p = await TxnWire.PartiesAsync(fixture);
        var accessToken = await OAuthWire.IssueAsync(fixture.Anonymous, p.AnalystSvid, resource: TxnWire.LedgerResource);

        using var response = await fixture.Anonymous.PostAsync("/oauth2/token", TxnWire.Request(p.GatewaySvid, accessToken, DelegationWire.AccessTokenType, "read:reports"));

        Assert.Contains("subject_audiences", await OAuthWire.AssertErrorAsync(response, "unauthorized_client"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("urn:ietf:params:oauth:token-type:refresh_token", "refresh token")]
    [InlineData("urn:ietf:params:oauth:token-type:id_token", "subject_token_type must be")]
    public async Task Start_UnsupportedSubjectTokenType_ReturnsInvalidRequest(string type, string detail)
    {
        var p = await TxnWire.PartiesAsync(fixture);
        var accessToken = await OAuthWire.IssueAsync(fixture.Anonymous, p.AnalystSvid);

        using var response = await fixture.Anonymous.PostAsync("/oauth2/token", TxnWire.Request(p.GatewaySvid, accessToken, type, "read:reports"));

        Assert.Contains(detail, await OAuthWire.AssertErrorAsync(response, "invalid_request"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("request_details", "[\"not\",\"an object\"]")]
    [InlineData("request_details", "{\"a\":1,\"a\":2}")]
    [InlineData("request_context", "{\"req_ip\":\"somewhere\"}")]
    public async Task Start_MalformedContext_ReturnsInvalidRequestNamingIt(string parameter, string json)
    {
        var p = await TxnWire.PartiesAsync(fixture);
        var accessToken = await OAuthWire.IssueAsync(fixture.Anonymous, p.AnalystSvid);

        using var response = await fixture.Anonymous.PostAsync("/oauth2/token", TxnWire.Request(p.GatewaySvid, accessToken, DelegationWire.AccessTokenType, "read:reports", (parameter, json)));

        Assert.Contains(parameter, await OAuthWire.AssertErrorAsync(response, "invalid_request"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_TxnTokenPresentedAsAccessToken_ReturnsInvalidRequestSayingWhereItBelongs()
    {
        var p = await TxnWire.PartiesAsync(fixture);
        var txnToken = await TxnWire.StartAsync(fixture, p.GatewaySvid, await OAuthWire.IssueAsync(fixture.Anonymous, p.AnalystSvid));

        using var response = await fixture.Anonymous.PostAsync("/oauth2/token", TxnWire.Request(p.LedgerSvid, txnToken, DelegationWire.AccessTokenType, "read:reports"));

        Assert.Contains("Txn-Token header", await OAuthWire.AssertErrorAsync(response, "invalid_request"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replace_NarrowerScope_KeepsTxnSubAudAndAppendsTheRequester()
    {
        var p = await TxnWire.PartiesAsync(fixture);
        var original = await TxnWire.StartAsync(fixture, p.GatewaySvid, await OAuthWire.IssueAsync(fixture.Anonymous, p.AnalystSvid, "read:reports write:reports"),
            "read:reports write:reports", ("request_details", """{"report":"q1-revenue"}"""));

        using var response = await fixture.Anonymous.PostAsync("/oauth2/token", TxnWire.Request(p.LedgerSvid, original, TxnWire.TxnTokenType, "read:reports",
            ("request_details", """{"page":2}""")));

        var body = await Wire.AssertJsonAsync(response, HttpStatusCode.OK);
        Assert.Equal(TxnWire.TxnTokenType, body.GetProperty("issued_token_type").GetString());
        var (before, after) = (Wire.JwtPayload(original), Wire.JwtPayload(body.GetProperty("access_token").GetString()!));
        Assert.Equal(before.GetProperty("txn").GetString(), after.GetProperty("txn").GetString());
        Assert.Equal(before.GetProperty("sub").GetString(), after.GetProperty("sub").GetString());
        Assert.Equal(before.GetProperty("aud").GetString(), after.GetProperty("aud").GetString());
        Assert.Equal("read:reports", after.GetProperty("scope").GetString());
        Assert.Equal($"{p.Gateway},{p.Ledger}", after.GetProperty("req_wl").GetString());
        Assert.Equal("q1-revenue", after.GetProperty("tctx").GetProperty("report").GetString());
        Assert.Equal(2, after.GetProperty("tctx").GetProperty("page").GetInt32());
        Assert.True(after.GetProperty("exp").GetInt64() <= before.GetProperty("exp").GetInt64(), "a replacement never outlives what it replaces");
    }

    [Fact]
    public async Task Replace_WiderScope_ReturnsInvalidScope()
    {
        var p = await TxnWire.PartiesAsync(fixture);
        var original = await TxnWire.StartAsync(fixture, p.GatewaySvid, await OAuthWire.IssueAsync(fixture.Anonymous, p.AnalystSvid, "read:reports write:reports"));

        using var response = await fixture.Anonymous.PostAsync("/oauth2/token", TxnWire.Request(p.LedgerSvid, original, TxnWire.TxnTokenType, "read:reports write:reports"));

        var description = await OAuthWire.AssertErrorAsync(response, "invalid_scope");
        Assert.Contains("only narrow", description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replace_ChangingAnAssertedContextValue_ReturnsInvalidRequest()
    {
        var p = await TxnWire.PartiesAsync(fixture);
        var original = await TxnWire.StartAsync(fixture, p.GatewaySvid, await OAuthWire.IssueAsync(fixture.Anonymous, p.AnalystSvid), "read:reports",
            ("request_details", """{"report":"q1-revenue"}"""));

        using var response = await fixture.Anonymous.PostAsync("/oauth2/token", TxnWire.Request(p.LedgerSvid, original, TxnWire.TxnTokenType, null,
            ("request_details", """{"report":"q2-revenue"}""")));

        Assert.Contains("'report'", await OAuthWire.AssertErrorAsync(response, "invalid_request"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replace_UnsignedTxnToken_ReturnsInvalidRequest()
    {
        var p = await TxnWire.PartiesAsync(fixture);
        var original = await TxnWire.StartAsync(fixture, p.GatewaySvid, await OAuthWire.IssueAsync(fixture.Anonymous, p.AnalystSvid));
        var parts = original.Split('.');
        var unsigned = AgentKey.Base64Url("""{"alg":"none","typ":"txntoken+jwt"}"""u8.ToArray()) + "." + parts[1] + ".";

        using var response = await fixture.Anonymous.PostAsync("/oauth2/token", TxnWire.Request(p.LedgerSvid, unsigned, TxnWire.TxnTokenType, null));

        Assert.Contains("'none'", await OAuthWire.AssertErrorAsync(response, "invalid_request"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exchange_TxnTokenForAnAccessToken_ActsForTheSubjectWithinTheTransaction()
    {
        var p = await TxnWire.PartiesAsync(fixture);
        var txnToken = await TxnWire.StartAsync(fixture, p.GatewaySvid, await OAuthWire.IssueAsync(fixture.Anonymous, p.AnalystSvid, "read:reports write:reports"), "read:reports");
        var form = OAuthWire.Form(
            ("grant_type", DelegationWire.TokenExchange), ("client_assertion_type", OAuthWire.JwtBearerAssertionType), ("client_assertion", p.LedgerSvid),
            ("subject_token", txnToken), ("subject_token_type", TxnWire.TxnTokenType), ("requested_token_type", DelegationWire.AccessTokenType),
            ("resource", TxnWire.LedgerResource));

        using var response = await fixture.Anonymous.PostAsync("/oauth2/token", form);

        var body = await Wire.AssertJsonAsync(response, HttpStatusCode.OK);
        Assert.Equal(DelegationWire.AccessTokenType, body.GetProperty("issued_token_type").GetString());
        Assert.Equal("Bearer", body.GetProperty("token_type").GetString());
        var accessToken = body.GetProperty("access_token").GetString()!;
        Assert.Equal("at+jwt", Wire.JwtHeader(accessToken).GetProperty("typ").GetString());
        var claims = Wire.JwtPayload(accessToken);
        Assert.Equal(p.Analyst, claims.GetProperty("sub").GetString());
        Assert.Equal(p.Ledger, claims.GetProperty("client_id").GetString());
        Assert.Equal(p.Ledger, claims.GetProperty("act").GetProperty("sub").GetString());
        Assert.Equal(TxnWire.LedgerResource, claims.GetProperty("aud").GetString());
        Assert.Equal("read:reports", claims.GetProperty("scope").GetString());
        Assert.True(claims.GetProperty("exp").GetInt64() <= Wire.JwtPayload(txnToken).GetProperty("exp").GetInt64());
    }

    [Fact]
    public async Task Exchange_TxnTokenForWiderScope_ReturnsInvalidScope()
    {
        var p = await TxnWire.PartiesAsync(fixture);
        var txnToken = await TxnWire.StartAsync(fixture, p.GatewaySvid, await OAuthWire.IssueAsync(fixture.Anonymous, p.AnalystSvid, "read:reports write:reports"), "read:reports");
        var form = OAuthWire.Form(
            ("grant_type", DelegationWire.TokenExchange), ("client_assertion_type", OAuthWire.JwtBearerAssertionType), ("client_assertion", p.LedgerSvid),
            ("subject_token", txnToken), ("subject_token_type", TxnWire.TxnTokenType), ("resource", TxnWire.LedgerResource), ("scope", "write:reports"));

        using var response = await fixture.Anonymous.PostAsync("/oauth2/token", form);

        await OAuthWire.AssertErrorAsync(response, "invalid_scope");
    }

    [Fact]
    public async Task Compromise_OfTheSubject_RevokesItsLiveTransactions()
    {
        var p = await TxnWire.PartiesAsync(fixture);
        var txnToken = await TxnWire.StartAsync(fixture, p.GatewaySvid, await OAuthWire.IssueAsync(fixture.Anonymous, p.AnalystSvid));
        var txn = Wire.JwtPayload(txnToken).GetProperty("txn").GetString();
        Assert.Single(await TxnWire.TransactionsAsync(fixture, p.Gateway));

        using (var compromise = await fixture.Operator.PostAsync($"/v1/agents/{Wire.Encode(p.Analyst)}/compromise", Wire.Json("""{"reason":"stolen key"}""")))
            Assert.Equal(HttpStatusCode.OK, compromise.StatusCode);

        Assert.False((await TxnWire.IntrospectAsync(fixture, txnToken)).GetProperty("active").GetBoolean());
        Assert.Empty(await TxnWire.TransactionsAsync(fixture, p.Gateway));
        using var replace = await fixture.Anonymous.PostAsync("/oauth2/token", TxnWire.Request(p.LedgerSvid, txnToken, TxnWire.TxnTokenType, null));
        Assert.Contains("revoked", await OAuthWire.AssertErrorAsync(replace, "invalid_request"), StringComparison.Ordinal);

        // The revocation of the transaction itself is durable and audited, cause and effect.
        using var audit = await fixture.Operator.GetAsync($"/v1/audit?agent={Wire.Encode(p.Gateway)}");
        var records = (await Wire.AssertJsonAsync(audit, HttpStatusCode.OK)).GetRawText();
        Assert.Contains($"transaction:{txn}", records, StringComparison.Ordinal);
        Assert.Contains("transaction.start", records, StringComparison.Ordinal);
        Assert.Contains("transaction.revoke", records, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compromise_OfTheRequestingWorkload_EndsTheTransaction()
    {
        var p = await TxnWire.PartiesAsync(fixture);
        var txnToken = await TxnWire.StartAsync(fixture, p.GatewaySvid, await OAuthWire.IssueAsync(fixture.Anonymous, p.AnalystSvid));

        using (var compromise = await fixture.Operator.PostAsync($"/v1/agents/{Wire.Encode(p.Gateway)}/compromise", Wire.Json("""{"reason":"gateway breached"}""")))
            Assert.Equal(HttpStatusCode.OK, compromise.StatusCode);

        Assert.False((await TxnWire.IntrospectAsync(fixture, txnToken)).GetProperty("active").GetBoolean());
        Assert.Empty(await TxnWire.TransactionsAsync(fixture, p.Analyst));
    }

    [Fact]
    public async Task Revoke_ByTheOperator_MakesTheTransactionInactive()
    {
        var p = await TxnWire.PartiesAsync(fixture);
        var txnToken = await TxnWire.StartAsync(fixture, p.GatewaySvid, await OAuthWire.IssueAsync(fixture.Anonymous, p.AnalystSvid));

        using (var revoke = await fixture.Anonymous.SendAsync(OAuthWire.OperatorForm("/oauth2/revoke", fixture.OperatorToken, ("token", txnToken))))
            Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);

        Assert.False((await TxnWire.IntrospectAsync(fixture, txnToken)).GetProperty("active").GetBoolean());
    }
}
