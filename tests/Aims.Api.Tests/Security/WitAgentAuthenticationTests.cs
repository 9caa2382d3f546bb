using System.Net;
using System.Text.Json.Nodes;
using Aims.Api.Tests.Testing;
using Aims.Core.Wimse;

namespace Aims.Api.Tests.Security;

/// <summary>
/// The agent endpoints accept WIT + WPT as the alternative to mTLS (API.md "Credentials for agents"): the test
/// server has no TLS at all, so every success here is the WIT path. The fabric's issuer is http://localhost.
/// </summary>
[Collection(AimsApiCollection.Name)]
public sealed class WitAgentAuthenticationTests(AimsApiFixture fixture)
{
    private const string Issuer = "http://localhost";
    private const string Audience = "https://rp.example.test";

    [Fact]
    public async Task SvidJwt_WithWitAndWpt_IssuesAJwtSvidForTheWitsAgent()
    {
        var agent = await AttestAsync("wit-jwt");

        using var response = await SendAsync("/v1/svid/jwt", new JsonObject { ["audience"] = new JsonArray(Audience) }, agent.Wit, agent.Proof("/v1/svid/jwt"));

        var body = await Wire.AssertJsonAsync(response, HttpStatusCode.OK);
        Assert.Equal(agent.Id, body.GetProperty("spiffe_id").GetString());
        var token = body.GetProperty("jwt_svids")[0].GetProperty("token").GetString()!;
        Assert.Equal(agent.Id, Wire.JwtPayload(token).GetProperty("sub").GetString());
    }

    [Fact]
    public async Task Wit_WithWitAndWpt_RenewsTheWitForANewKey()
    {
        var agent = await AttestAsync("wit-renew");
        using var next = new AgentKey();

        using var response = await SendAsync("/v1/wit", new JsonObject { ["jwk"] = next.PublicJwk() }, agent.Wit, agent.Proof("/v1/wit"));

        var body = await Wire.AssertJsonAsync(response, HttpStatusCode.OK);
        var renewed = body.GetProperty("wit").GetString()!;
        Assert.Equal(next.PublicJwk()["x"]!.GetValue<string>(), Wire.JwtPayload(renewed).GetProperty("cnf").GetProperty("jwk").GetProperty("x").GetString());

        // The renewed WIT authenticates with proofs of the new key.
        using var again = await SendAsync("/v1/svid/jwt", new JsonObject { ["audience"] = new JsonArray(Audience) }, renewed,
            WptWriter.Write(next.ProofSigner(), renewed, Issuer + "/v1/svid/jwt", DateTimeOffset.UtcNow));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Fact]
    public async Task SvidX509_WithWitAndWpt_IssuesAnX509Svid()
    {
        var agent = await AttestAsync("wit-x509");
        using var next = new AgentKey();

        using var response = await SendAsync("/v1/svid/x509", new JsonObject { ["csr"] = next.CsrPem() }, agent.Wit, agent.Proof("/v1/svid/x509"));

        var body = await Wire.AssertJsonAsync(response, HttpStatusCode.OK);
        Assert.StartsWith("-----BEGIN CERTIFICATE-----", body.GetProperty("x509_svid").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SvidJwt_SameWptTwice_SecondIs400Replayed()
    {
        var agent = await AttestAsync("wit-replay");
        var proof = agent.Proof("/v1/svid/jwt");
        var body = new JsonObject { ["audience"] = new JsonArray(Audience) };
        using (var first = await SendAsync("/v1/svid/jwt", body, agent.Wit, proof))
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        using var second = await SendAsync("/v1/svid/jwt", body, agent.Wit, proof);

        Assert.Contains("already used", await Wire.AssertProblemAsync(second, HttpStatusCode.BadRequest), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SvidJwt_WptMadeForAnotherEndpoint_Is400WrongAudience()
    {
        var agent = await AttestAsync("wit-aud");

        using var response = await SendAsync("/v1/svid/jwt", new JsonObject { ["audience"] = new JsonArray(Audience) }, agent.Wit, agent.Proof("/v1/wit"));

        var detail = await Wire.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("target URI 'http://localhost/v1/svid/jwt'", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SvidJwt_WptForTheUrlInTheHostHeader_Is400BecauseHostIsNotTrusted()
    {
        var agent = await AttestAsync("wit-host");
        using var request = Request("/v1/svid/jwt", new JsonObject { ["audience"] = new JsonArray(Audience) }, agent.Wit,
            WptWriter.Write(agent.Key.ProofSigner(), agent.Wit, "http://evil.test/v1/svid/jwt", DateTimeOffset.UtcNow));
        request.Headers.Host = "evil.test";
        request.Headers.Add("X-Forwarded-Host", "evil.test");

        using var response = await fixture.Anonymous.SendAsync(request);

        Assert.Contains("is not this request's target URI", await Wire.AssertProblemAsync(response, HttpStatusCode.BadRequest), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SvidJwt_WptSignedByAnotherKey_Is400()
    {
        var agent = await AttestAsync("wit-key");
        using var other = new AgentKey();

        using var response = await SendAsync("/v1/svid/jwt", new JsonObject { ["audience"] = new JsonArray(Audience) }, agent.Wit,
            WptWriter.Write(other.ProofSigner(), agent.Wit, Issuer + "/v1/svid/jwt", DateTimeOffset.UtcNow));

        Assert.Contains("confirmation key", await Wire.AssertProblemAsync(response, HttpStatusCode.BadRequest), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SvidJwt_WitWithoutWpt_Is400AskingForTheProof()
    {
        var agent = await AttestAsync("wit-alone");
        using var request = Request("/v1/svid/jwt", new JsonObject { ["audience"] = new JsonArray(Audience) }, agent.Wit, proof: null);

        using var response = await fixture.Anonymous.SendAsync(request);

        Assert.Contains("no Workload-Proof-Token header", await Wire.AssertProblemAsync(response, HttpStatusCode.BadRequest), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SvidJwt_WitRevokedByTheOperator_Is400Revoked()
    {
        var agent = await AttestAsync("wit-revoked");
        var jti = Wire.JwtPayload(agent.Wit).GetProperty("jti").GetString()!;
        using (var revoke = await fixture.Operator.PostAsync($"/v1/agents/{Wire.Encode(agent.Id)}/credentials/{jti}/revoke", Wire.Json("""{"reason":"key lost"}""")))
            Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);

        using var response = await SendAsync("/v1/svid/jwt", new JsonObject { ["audience"] = new JsonArray(Audience) }, agent.Wit, agent.Proof("/v1/svid/jwt"));

        Assert.Contains("was revoked", await Wire.AssertProblemAsync(response, HttpStatusCode.BadRequest), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SvidJwt_WitOfACompromisedAgent_Is403Compromised()
    {
        var agent = await AttestAsync("wit-compromised");
        using (var compromise = await fixture.Operator.PostAsync($"/v1/agents/{Wire.Encode(agent.Id)}/compromise", Wire.Json("""{"reason":"test"}""")))
            Assert.Equal(HttpStatusCode.OK, compromise.StatusCode);

        using var response = await SendAsync("/v1/svid/jwt", new JsonObject { ["audience"] = new JsonArray(Audience) }, agent.Wit, agent.Proof("/v1/svid/jwt"));

        Assert.Contains("compromised", await Wire.AssertProblemAsync(response, HttpStatusCode.Forbidden), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SvidJwt_WitOfASuspendedAgent_Is403FromTheAgent()
    {
        var agent = await AttestAsync("wit-suspended");
        using (var suspend = await fixture.Operator.PostAsync($"/v1/agents/{Wire.Encode(agent.Id)}/suspend", null))
            Assert.Equal(HttpStatusCode.OK, suspend.StatusCode);

        using var response = await SendAsync("/v1/svid/jwt", new JsonObject { ["audience"] = new JsonArray(Audience) }, agent.Wit, agent.Proof("/v1/svid/jwt"));

        Assert.Contains("suspended", await Wire.AssertProblemAsync(response, HttpStatusCode.Forbidden), StringComparison.Ordinal);
    }

    private async Task<AttestedAgent> AttestAsync(string name)
    {
        var (id, token) = await Wire.RegisteredWithTokenAsync(fixture.Operator, name);
        var key = new AgentKey();
        using var response = await Wire.AttestAsync(fixture.Anonymous, Wire.AttestBody(token, id, jwk: key.PublicJwk()));
        var body = await Wire.AssertJsonAsync(response, HttpStatusCode.OK);
        return new AttestedAgent(id, body.GetProperty("wit").GetString()!, key);
    }

    private Task<HttpResponseMessage> SendAsync(string path, JsonObject body, string wit, string proof) =>
        fixture.Anonymous.SendAsync(Request(path, body, wit, proof));

    private static HttpRequestMessage Request(string path, JsonObject body, string wit, string? proof)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Wire.Json(body) };
        request.Headers.Add(WimseHeaders.WorkloadIdentityToken, wit);
        if (proof is not null)
            request.Headers.Add(WimseHeaders.WorkloadProofToken, proof);
        return request;
    }

    private sealed record AttestedAgent(string Id, string Wit, AgentKey Key)
    {
        public string Proof(string path) => WptWriter.Write(Key.ProofSigner(), Wit, Issuer + path, DateTimeOffset.UtcNow);
    }
}
