using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Aims.Api.Tests.Testing;

namespace Aims.Api.Tests.Endpoints;

[Collection(AimsApiCollection.Name)]
public sealed class PolicyEndpointsTests(AimsApiFixture fixture)
{
    private const string AllowedAudience = "spiffe://aims.local/svc/db";

    [Fact]
    public async Task Put_NewThenSameThenChanged_Returns201Version1Then200Then201Version2()
    {
        var (name, prefix) = NewPolicy();

        using var first = await PutAsync(name, Document(prefix, jwtTtl: 120));
        var v1 = await Wire.AssertJsonAsync(first, HttpStatusCode.Created);
        Assert.Equal(name, v1.GetProperty("name").GetString());
        Assert.Equal(1, v1.GetProperty("version").GetInt32());
        Assert.Equal(64, v1.GetProperty("sha256").GetString()!.Length);
        AgentEndpointsTests.AssertRfc3339Utc(v1.GetProperty("created_at").GetString()!);

        using var same = await PutAsync(name, Document(prefix, jwtTtl: 120));
        var unchanged = await Wire.AssertJsonAsync(same, HttpStatusCode.OK);
        Assert.Equal(1, unchanged.GetProperty("version").GetInt32());
        Assert.Equal(v1.GetProperty("sha256").GetString(), unchanged.GetProperty("sha256").GetString());

        using var changed = await PutAsync(name, Document(prefix, jwtTtl: 180));
        var v2 = await Wire.AssertJsonAsync(changed, HttpStatusCode.Created);
        Assert.Equal(2, v2.GetProperty("version").GetInt32());
        Assert.NotEqual(v1.GetProperty("sha256").GetString(), v2.GetProperty("sha256").GetString());
    }

    [Fact]
    public async Task Get_AfterTwoVersions_ReturnsLatestAndEachVersion()
    {
        var (name, prefix) = NewPolicy();
        (await PutAsync(name, Document(prefix, jwtTtl: 120))).Dispose();
        (await PutAsync(name, Document(prefix, jwtTtl: 180))).Dispose();

        using var latest = await fixture.Operator.GetAsync($"/v1/policies/{name}");
        var current = await Wire.AssertJsonAsync(latest, HttpStatusCode.OK);
        Assert.Equal(2, current.GetProperty("version").GetInt32());
        Assert.Equal(180, current.GetProperty("document").GetProperty("rules")[0].GetProperty("jwt_svid_ttl_seconds").GetInt32());

        using var first = await fixture.Operator.GetAsync($"/v1/policies/{name}?version=1");
        Assert.Equal(120, (await Wire.AssertJsonAsync(first, HttpStatusCode.OK)).GetProperty("document").GetProperty("rules")[0].GetProperty("jwt_svid_ttl_seconds").GetInt32());

        using var versions = await fixture.Operator.GetAsync($"/v1/policies/{name}/versions");
        var list = await Wire.AssertJsonAsync(versions, HttpStatusCode.OK);
        Assert.Equal(name, list.GetProperty("name").GetString());
        Assert.Equal([1, 2], list.GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("version").GetInt32()));
    }

    [Fact]
    public async Task Get_UnknownPolicyOrVersion_Returns404Problem()
    {
        var (name, prefix) = NewPolicy();
        using (var missing = await fixture.Operator.GetAsync($"/v1/policies/{name}"))
            await Wire.AssertProblemAsync(missing, HttpStatusCode.NotFound);
        using (var noVersions = await fixture.Operator.GetAsync($"/v1/policies/{name}/versions"))
            await Wire.AssertProblemAsync(noVersions, HttpStatusCode.NotFound);
        (await PutAsync(name, Document(prefix, jwtTtl: 120))).Dispose();

        using var response = await fixture.Operator.GetAsync($"/v1/policies/{name}?version=7");

        var detail = await Wire.AssertProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Contains("version 7", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetDefault_NeverWritten_ReturnsBuiltInPolicy()
    {
        using var response = await fixture.Operator.GetAsync("/v1/policies/default");

        var policy = await Wire.AssertJsonAsync(response, HttpStatusCode.OK);
        Assert.Equal("default", policy.GetProperty("name").GetString());
        var rule = Assert.Single(policy.GetProperty("document").GetProperty("rules").EnumerateArray());
        Assert.Equal("spiffe://aims.local/**", rule.GetProperty("match").GetString());
        Assert.Equal(["join_token"], rule.GetProperty("attestation").GetProperty("allowed").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(["*"], rule.GetProperty("audiences").EnumerateArray().Select(a => a.GetString()));
    }

    public static TheoryData<string, string> InvalidDocuments => new()
    {
        { "{\"rules\":[{}]}", "rules[0].match is required" },
        { "{\"rules\":[{\"match\":\"spiffe://aims.local/x\",\"jwt_svid_ttl_seconds\":5}]}", "rules[0].jwt_svid_ttl_seconds must be between 60 and 3600" },
        { "{\"rules\":[{\"match\":\"spiffe://aims.local/x\",\"colour\":\"red\"}]}", "rules[0].colour is not a known member" },
        { "{\"rules\":[{\"match\":\"spiffe://*/x\"}]}", "rules[0].match is not a valid SPIFFE ID pattern" },
        { "{\"description\":\"no rules\"}", "rules is required" },
        { "{\"rules\": [", "not valid JSON" },
    };

    [Theory]
    [MemberData(nameof(InvalidDocuments))]
    public async Task Put_InvalidDocument_Returns400WithParserDetail(string document, string expected)
    {
        var (name, _) = NewPolicy();

        using var response = await fixture.Operator.PutAsync($"/v1/policies/{name}", Wire.Json(document));

        var detail = await Wire.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(expected, detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Put_InvalidName_Returns400NamingTheRule()
    {
        using var response = await fixture.Operator.PutAsync("/v1/policies/Bad%20Name", Wire.Json(Document("spiffe://aims.local/x/", 120)));

        var detail = await Wire.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("a-z, 0-9", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Put_WrongContentType_Returns415()
    {
        var (name, prefix) = NewPolicy();
        using var content = new StringContent(Document(prefix, 120).ToJsonString(), Encoding.UTF8, "text/plain");

        using var response = await fixture.Operator.PutAsync($"/v1/policies/{name}", content);

        await Wire.AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Put_DocumentOver64KiB_Returns413()
    {
        var (name, prefix) = NewPolicy();
        var document = Document(prefix, 120);
        document["description"] = new string('a', 65 * 1024);

        using var response = await PutAsync(name, document);

        await Wire.AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Evaluate_AllowedAndDeniedRequests_ReturnsDecisionWithReason()
    {
        var (name, prefix) = NewPolicy();
        (await PutAsync(name, Document(prefix, jwtTtl: 120))).Dispose();
        var agent = prefix + "analyst";

        var allowed = await EvaluateAsync(name, agent, ["join_token"], [AllowedAudience]);
        Assert.True(allowed.GetProperty("allowed").GetBoolean());
        Assert.Contains("allows the request", allowed.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, allowed.GetProperty("version").GetInt32());
        Assert.Equal(0, allowed.GetProperty("rule_index").GetInt32());
        Assert.Equal(120, allowed.GetProperty("jwt_svid_ttl_seconds").GetInt32());

        var wrongAudience = await EvaluateAsync(name, agent, ["join_token"], ["https://evil.example"]);
        Assert.False(wrongAudience.GetProperty("allowed").GetBoolean());
        Assert.Contains("audience 'https://evil.example' is not allowed", wrongAudience.GetProperty("reason").GetString(), StringComparison.Ordinal);

        var noAttestation = await EvaluateAsync(name, agent, [], [AllowedAudience]);
        Assert.False(noAttestation.GetProperty("allowed").GetBoolean());
        Assert.Contains("requires attestation", noAttestation.GetProperty("reason").GetString(), StringComparison.Ordinal);

        var otherType = await EvaluateAsync(name, agent, ["k8s_psat"], [AllowedAudience]);
        Assert.False(otherType.GetProperty("allowed").GetBoolean());
        Assert.Contains("does not allow attestation type 'k8s_psat'", otherType.GetProperty("reason").GetString(), StringComparison.Ordinal);

        var unmatched = await EvaluateAsync(name, "spiffe://aims.local/elsewhere/x", ["join_token"], []);
        Assert.False(unmatched.GetProperty("allowed").GetBoolean());
        Assert.Contains("no rule matches", unmatched.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evaluate_UnknownPolicy_Returns404Problem()
    {
        var (name, _) = NewPolicy();

        using var response = await fixture.Operator.PostAsync(
            $"/v1/policies/{name}/evaluate", Wire.Json(new JsonObject { ["spiffe_id"] = "spiffe://aims.local/x" }));

        await Wire.AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Attest_AgentUnderPolicy_GetsJwtSvidAndWitWithThePolicysLifetimes()
    {
        var (name, prefix) = NewPolicy();
        (await PutAsync(name, Document(prefix, jwtTtl: 120, witTtl: 900))).Dispose();
        var id = prefix + "analyst";
        await Wire.RegisterAsync(fixture.Operator, id, name);
        var token = await Wire.JoinTokenAsync(fixture.Operator, id);
        using var key = new AgentKey();

        using var response = await Wire.AttestAsync(fixture.Anonymous, Wire.AttestBody(token, jwk: key.PublicJwk(), audience: AllowedAudience));

        var result = await Wire.AssertJsonAsync(response, HttpStatusCode.OK);
        var jwt = Wire.JwtPayload(result.GetProperty("jwt_svids")[0].GetProperty("token").GetString()!);
        Assert.Equal(120, jwt.GetProperty("exp").GetInt64() - jwt.GetProperty("iat").GetInt64());
        var wit = Wire.JwtPayload(result.GetProperty("wit").GetString()!);
        Assert.Equal(900, wit.GetProperty("exp").GetInt64() - wit.GetProperty("iat").GetInt64());
    }

    [Fact]
    public async Task Attest_AudienceNotAllowedByPolicy_Returns403WithReason()
    {
        var (name, prefix) = NewPolicy();
        (await PutAsync(name, Document(prefix, jwtTtl: 120))).Dispose();
        var id = prefix + "analyst";
        await Wire.RegisterAsync(fixture.Operator, id, name);
        var token = await Wire.JoinTokenAsync(fixture.Operator, id);

        using var response = await Wire.AttestAsync(fixture.Anonymous, Wire.AttestBody(token, audience: "https://evil.example"));

        var detail = await Wire.AssertProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Contains("audience 'https://evil.example' is not allowed by rule 0", detail, StringComparison.Ordinal);
    }

    /// <summary>A fresh policy name and the SPIFFE ID prefix its single rule covers.</summary>
    private static (string Name, string Prefix) NewPolicy()
    {
        var suffix = Guid.NewGuid().ToString("N");
        return ($"p-{suffix}", $"spiffe://aims.local/policy-{suffix}/");
    }

    private static JsonObject Document(string prefix, int jwtTtl, int witTtl = 1800) => new()
    {
        ["description"] = "test policy",
        ["rules"] = new JsonArray(new JsonObject
        {
            ["match"] = prefix + "**",
            ["attestation"] = new JsonObject { ["allowed"] = new JsonArray("join_token") },
            ["x509_svid_ttl_seconds"] = 600,
            ["jwt_svid_ttl_seconds"] = jwtTtl,
            ["wit_ttl_seconds"] = witTtl,
            ["audiences"] = new JsonArray(AllowedAudience, "https://api.example.com/*"),
        }),
    };

    private Task<HttpResponseMessage> PutAsync(string name, JsonObject document) =>
        fixture.Operator.PutAsync($"/v1/policies/{name}", Wire.Json(document));

    private async Task<System.Text.Json.JsonElement> EvaluateAsync(string name, string spiffeId, string[] attestation, string[] audience)
    {
        var body = new JsonObject
        {
            ["spiffe_id"] = spiffeId,
            ["attestation"] = new JsonArray([.. attestation.Select(a => (JsonNode)a)]),
            ["audience"] = new JsonArray([.. audience.Select(a => (JsonNode)a)]),
        };
        using var response = await fixture.Operator.PostAsync($"/v1/policies/{name}/evaluate", Wire.Json(body));
        return await Wire.AssertJsonAsync(response, HttpStatusCode.OK);
    }
}
