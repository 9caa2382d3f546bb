using System.Net;
using System.Text.Json;
using Aims.Api.Tests.Testing;

namespace Aims.Api.Tests.OAuth;

[Collection(AimsApiCollection.Name)]
public sealed class OAuthAuditTests(AimsApiFixture fixture)
{
    [Fact]
    public async Task Audit_AfterIssueDenyAndRevoke_RecordsTokenIssueAllowedDeniedAndTokenRevoke()
    {
        var tokenAudience = await OAuthWire.TokenEndpointAudienceAsync(fixture.Anonymous);
        var policy = await OAuthWire.PutPolicyAsync(fixture.Operator);
        var (id, svids) = await OAuthWire.AgentAsync(fixture, policy, audience: tokenAudience);
        var token = await OAuthWire.IssueAsync(fixture.Anonymous, svids[0]);
        var jti = Wire.JwtPayload(token).GetProperty("jti").GetString();
        var denied = await OAuthWire.SvidForTokenEndpointAsync(fixture, id);
        using (var refused = await fixture.Anonymous.PostAsync("/oauth2/token", OAuthWire.TokenRequest(denied, scope: "admin:all")))
            await OAuthWire.AssertErrorAsync(refused, "invalid_scope");
        using (var revoke = await fixture.Anonymous.SendAsync(OAuthWire.OperatorForm("/oauth2/revoke", fixture.OperatorToken, ("token", token))))
            Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);

        using var response = await fixture.Operator.GetAsync($"/v1/audit?agent={Uri.EscapeDataString(id)}");
        var records = (await Wire.AssertJsonAsync(response, HttpStatusCode.OK)).GetProperty("records").EnumerateArray().ToList();

        var issues = records.Where(r => Action(r) == "token.issue").ToList();
        var allowed = Assert.Single(issues, r => r.GetProperty("decision").GetString() == "Allowed");
        Assert.Equal($"access-token:{jti}", allowed.GetProperty("resource").GetString());
        var deniedRecord = Assert.Single(issues, r => r.GetProperty("decision").GetString() == "Denied");
        Assert.Contains("invalid_scope", deniedRecord.GetRawText(), StringComparison.Ordinal);
        var revoked = Assert.Single(records, r => Action(r) == "token.revoke");
        Assert.Equal("Allowed", revoked.GetProperty("decision").GetString());
        Assert.Equal($"access-token:{jti}", revoked.GetProperty("resource").GetString());
        Assert.Equal("operator", revoked.GetProperty("actor").GetString());
    }

    private static string? Action(JsonElement record) => record.GetProperty("action").GetString();
}
