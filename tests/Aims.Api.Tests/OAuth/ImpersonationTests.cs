using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Aims.Api.Tests.Testing;

namespace Aims.Api.Tests.OAuth;

/// <summary>
/// RFC 8693 §1.1 impersonation through token exchange: asked for with <c>impersonation=true</c>, allowed only by
/// <c>oauth.delegation.impersonation</c>, and then the token is the subject's with no act entry for the client.
/// </summary>
[Collection(AimsApiCollection.Name)]
public sealed class ImpersonationTests(AimsApiFixture fixture)
{
    private async Task<(string A, string B, string SubjectToken)> SetUpAsync(bool impersonation)
    {
        var policy = await DelegationWire.PutPolicyAsync(fixture.Operator, new JsonObject { ["impersonation"] = impersonation });
        var (a, b) = (Wire.NewAgentId("impersonated"), Wire.NewAgentId("impersonator"));
        var aSvid = await DelegationWire.AgentAsync(fixture, policy, a);
        await DelegationWire.AgentAsync(fixture, policy, b);
        return (a, b, await OAuthWire.IssueAsync(fixture.Anonymous, aSvid, "read:reports", b));
    }

    private Task<string> SvidAsync(string id) => OAuthWire.SvidForTokenEndpointAsync(fixture, id);

    [Fact]
    public async Task Exchange_ImpersonationAllowed_TokenIsTheSubjectsWithNoActEntry()
    {
        var (a, b, subjectToken) = await SetUpAsync(impersonation: true);

        using var response = await fixture.Anonymous.PostAsync("/oauth2/token",
            DelegationWire.Exchange(await SvidAsync(b), subjectToken, ("impersonation", "true")));

        var body = await Wire.AssertJsonAsync(response, HttpStatusCode.OK);
        Assert.Equal(DelegationWire.AccessTokenType, body.GetProperty("issued_token_type").GetString());
        var claims = Wire.JwtPayload(body.GetProperty("access_token").GetString()!);
        Assert.Equal(a, claims.GetProperty("sub").GetString());
        Assert.Equal(b, claims.GetProperty("client_id").GetString());
        Assert.False(claims.TryGetProperty("act", out _));
    }

    [Fact]
    public async Task Exchange_ImpersonationAllowed_AuditedAsImpersonation()
    {
        var (a, b, subjectToken) = await SetUpAsync(impersonation: true);
        using (var response = await fixture.Anonymous.PostAsync("/oauth2/token", DelegationWire.Exchange(await SvidAsync(b), subjectToken, ("impersonation", "true"))))
            await Wire.AssertJsonAsync(response, HttpStatusCode.OK);

        using var audit = await fixture.Operator.GetAsync($"/v1/audit?agent={Uri.EscapeDataString(b)}");
        var records = (await Wire.AssertJsonAsync(audit, HttpStatusCode.OK)).GetProperty("records").EnumerateArray().ToList();

        var record = Assert.Single(records, r => r.GetProperty("action").GetString() == "token.impersonate");
        Assert.Equal("Allowed", record.GetProperty("decision").GetString());
        Assert.Equal(a, record.GetProperty("delegated_subject").GetString());
        Assert.Contains($"impersonates {a}", record.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(records, r => r.GetProperty("action").GetString() == "token.exchange");
    }

    [Fact]
    public async Task Exchange_PolicyAllowsOnlyDelegation_ImpersonationIsUnauthorizedClient()
    {
        var (_, b, subjectToken) = await SetUpAsync(impersonation: false);

        using var response = await fixture.Anonymous.PostAsync("/oauth2/token",
            DelegationWire.Exchange(await SvidAsync(b), subjectToken, ("impersonation", "true")));

        var description = await OAuthWire.AssertErrorAsync(response, "unauthorized_client");
        Assert.Contains("does not allow impersonation", description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exchange_ImpersonationFalse_IsDelegationWithAct()
    {
        var (a, b, subjectToken) = await SetUpAsync(impersonation: true);

        using var response = await fixture.Anonymous.PostAsync("/oauth2/token",
            DelegationWire.Exchange(await SvidAsync(b), subjectToken, ("impersonation", "false")));

        var claims = Wire.JwtPayload((await Wire.AssertJsonAsync(response, HttpStatusCode.OK)).GetProperty("access_token").GetString()!);
        Assert.Equal(a, claims.GetProperty("sub").GetString());
        Assert.Equal(b, claims.GetProperty("act").GetProperty("sub").GetString());
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("TRUE")]
    [InlineData("1")]
    public async Task Exchange_ImpersonationNeitherTrueNorFalse_InvalidRequest(string value)
    {
        var (_, b, subjectToken) = await SetUpAsync(impersonation: true);

        using var response = await fixture.Anonymous.PostAsync("/oauth2/token",
            DelegationWire.Exchange(await SvidAsync(b), subjectToken, ("impersonation", value)));

        Assert.Contains("impersonation must be 'true'", await OAuthWire.AssertErrorAsync(response, "invalid_request"), StringComparison.Ordinal);
    }
}
