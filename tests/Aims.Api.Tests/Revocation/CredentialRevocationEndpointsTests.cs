using System.Net;
using System.Text.Json.Nodes;
using Aims.Api.Tests.OAuth;
using Aims.Api.Tests.Testing;

namespace Aims.Api.Tests.Revocation;

/// <summary><c>POST /v1/agents/{id}/credentials/{credentialId}/revoke</c> (operator).</summary>
[Collection(AimsApiCollection.Name)]
public sealed class CredentialRevocationEndpointsTests(AimsApiFixture fixture)
{
    [Fact]
    public async Task Revoke_X509Svid_OkWithTheRevokedCredential()
    {
        var issued = await RevocationWire.IssueAsync(fixture);

        var json = await RevocationWire.RevokeAsync(fixture.Operator, issued.AgentId, issued.Serial.ToUpperInvariant(), "privilege_withdrawn");

        Assert.Equal(issued.Serial, json.GetProperty("id").GetString());
        Assert.Equal("x509_svid", json.GetProperty("kind").GetString());
        Assert.Equal("revoked", json.GetProperty("state").GetString());
        Assert.Equal("privilege_withdrawn", json.GetProperty("reason_code").GetString());
        Assert.Equal("operator revoked it in a test", json.GetProperty("revocation_reason").GetString());
        Assert.True(json.GetProperty("revoked_at").GetDateTimeOffset() <= json.GetProperty("expires_at").GetDateTimeOffset());
        var listed = await CredentialsAsync(issued.AgentId);
        Assert.Equal("revoked", listed.Single(c => c["id"]!.GetValue<string>() == issued.Serial)["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task Revoke_Wit_ByItsJti()
    {
        var issued = await RevocationWire.IssueAsync(fixture);
        var jti = (await CredentialsAsync(issued.AgentId)).Single(c => c["kind"]!.GetValue<string>() == "wit")["id"]!.GetValue<string>();

        var json = await RevocationWire.RevokeAsync(fixture.Operator, issued.AgentId, jti);

        Assert.Equal("wit", json.GetProperty("kind").GetString());
        Assert.Equal("unspecified", json.GetProperty("reason_code").GetString());
    }

    [Fact]
    public async Task Revoke_JwtSvid_ItNoLongerAuthenticatesAtTheTokenEndpoint()
    {
        var policy = await OAuthWire.PutPolicyAsync(fixture.Operator);
        var audience = await OAuthWire.TokenEndpointAudienceAsync(fixture.Anonymous);
        var (id, svids) = await OAuthWire.AgentAsync(fixture, policy, "revoke-jwt", audience: audience);
        var jti = Wire.JwtPayload(svids[0]).GetProperty("jti").GetString()!;

        await RevocationWire.RevokeAsync(fixture.Operator, id, jti);

        using var response = await fixture.Anonymous.PostAsync("/oauth2/token", OAuthWire.TokenRequest(svids[0]));
        await OAuthWire.AssertErrorAsync(response, "invalid_client");
    }

    [Fact]
    public async Task Revoke_Twice_ConflictSaysAlreadyRevoked()
    {
        var issued = await RevocationWire.IssueAsync(fixture);
        await RevocationWire.RevokeAsync(fixture.Operator, issued.AgentId, issued.Serial);

        using var response = await PostAsync(issued.AgentId, issued.Serial, new JsonObject { ["reason"] = "again" });

        Assert.Contains("already revoked", await Wire.AssertProblemAsync(response, HttpStatusCode.Conflict), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Revoke_AfterCompromise_ConflictBecauseCompromiseRevokedIt()
    {
        var issued = await RevocationWire.IssueAsync(fixture);
        using var compromise = await fixture.Operator.PostAsync($"/v1/agents/{Wire.Encode(issued.AgentId)}/compromise", Wire.Json(new JsonObject { ["reason"] = "stolen" }));
        await Wire.AssertJsonAsync(compromise, HttpStatusCode.OK);

        using var response = await PostAsync(issued.AgentId, issued.Serial, new JsonObject { ["reason"] = "also" });

        await Wire.AssertProblemAsync(response, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Revoke_UnknownCredential_NotFoundPointsAtTheList()
    {
        var issued = await RevocationWire.IssueAsync(fixture);

        using var response = await PostAsync(issued.AgentId, "0badc0ffee", new JsonObject { ["reason"] = "typo" });

        Assert.Contains("/credentials", await Wire.AssertProblemAsync(response, HttpStatusCode.NotFound), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Revoke_UnregisteredAgent_NotFound()
    {
        using var response = await PostAsync(Wire.NewAgentId("nobody"), "0a", new JsonObject { ["reason"] = "x" });

        Assert.Contains("not registered", await Wire.AssertProblemAsync(response, HttpStatusCode.NotFound), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{}", "reason is required")]
    [InlineData("{\"reason\":\"   \"}", "reason is required")]
    [InlineData("{\"reason\":\"x\",\"reason_code\":\"certificate_hold\"}", "key_compromise")]
    [InlineData("{\"reason\":\"x\",\"reason_code\":1}", "not valid")]
    [InlineData("{\"reason\":\"x\",\"extra\":1}", "unknown member 'extra'")]
    public async Task Revoke_BadBody_BadRequestSaysWhatToFix(string body, string expected)
    {
        var issued = await RevocationWire.IssueAsync(fixture);

        using var response = await fixture.Operator.PostAsync($"/v1/agents/{Wire.Encode(issued.AgentId)}/credentials/{issued.Serial}/revoke", Wire.Json(body));

        Assert.Contains(expected, await Wire.AssertProblemAsync(response, HttpStatusCode.BadRequest), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Revoke_CredentialIdWithOddCharacters_BadRequest()
    {
        var issued = await RevocationWire.IssueAsync(fixture);

        using var response = await PostAsync(issued.AgentId, "a.b%20c", new JsonObject { ["reason"] = "x" });

        Assert.Contains("credentialId", await Wire.AssertProblemAsync(response, HttpStatusCode.BadRequest), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Revoke_WithoutOperatorToken_Unauthorized()
    {
        var issued = await RevocationWire.IssueAsync(fixture);

        using var response = await fixture.Anonymous.PostAsync(
            $"/v1/agents/{Wire.Encode(issued.AgentId)}/credentials/{issued.Serial}/revoke", Wire.Json(new JsonObject { ["reason"] = "x" }));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private Task<HttpResponseMessage> PostAsync(string agentId, string credentialId, JsonObject body) =>
        fixture.Operator.PostAsync($"/v1/agents/{Wire.Encode(agentId)}/credentials/{credentialId}/revoke", Wire.Json(body));

    private async Task<List<JsonNode>> CredentialsAsync(string agentId)
    {
        using var response = await fixture.Operator.GetAsync($"/v1/agents/{Wire.Encode(agentId)}/credentials");
        var json = JsonNode.Parse((await Wire.AssertJsonAsync(response, HttpStatusCode.OK)).GetRawText())!;
        return [.. json["credentials"]!.AsArray().Select(c => c!)];
    }
}
