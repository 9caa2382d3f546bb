using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Aims.Api.Tests.Testing;

namespace Aims.Api.Tests.Endpoints;

[Collection(AimsApiCollection.Name)]
public sealed class AgentEndpointsTests(AimsApiFixture fixture)
{
    [Fact]
    public async Task Register_NewAgent_Returns201WithDocumentedShape()
    {
        var id = Wire.NewAgentId("register");
        var body = new JsonObject { ["spiffe_id"] = id, ["selectors"] = new JsonArray("k8s:sa:analyst", "unix:uid:1000") };

        using var response = await fixture.Operator.PostAsync("/v1/agents", Wire.Json(body));

        var agent = await Wire.AssertJsonAsync(response, HttpStatusCode.Created);
        Assert.Equal(id, agent.GetProperty("spiffe_id").GetString());
        Assert.Equal("registered", agent.GetProperty("state").GetString());
        Assert.Equal("default", agent.GetProperty("policy").GetString());
        Assert.Equal(["k8s:sa:analyst", "unix:uid:1000"], agent.GetProperty("selectors").EnumerateArray().Select(s => s.GetString()));
        AssertRfc3339Utc(agent.GetProperty("created_at").GetString()!);
    }

    [Fact]
    public async Task Register_SameIdTwice_Returns409Problem()
    {
        var id = Wire.NewAgentId("duplicate");
        await Wire.RegisterAsync(fixture.Operator, id);

        using var response = await fixture.Operator.PostAsync("/v1/agents", Wire.Json(new JsonObject { ["spiffe_id"] = id }));

        var detail = await Wire.AssertProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Contains(id, detail, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> InvalidIds => new()
    {
        { "spiffe://aims.local/agents/x/", "must not end with \"/\"" },
        { "spiffe://AIMS.local/agents/x", "trust domain must be lowercase" },
        { "http://aims.local/agents/x", "must start with the scheme \"spiffe://\"" },
        { "spiffe://aims.local/agents/x?debug=1", "must not contain a query" },
        { "spiffe://aims.local/agents/x%20y", "must not contain percent-encoded characters" },
        { "spiffe://other.org/x", "is not in the trust domain aims.local" },
        { "spiffe://aims.local", "must have a path" },
    };

    [Theory]
    [MemberData(nameof(InvalidIds))]
    public async Task Register_InvalidSpiffeId_Returns400NamingTheRule(string spiffeId, string rule)
    {
        using var response = await fixture.Operator.PostAsync("/v1/agents", Wire.Json(new JsonObject { ["spiffe_id"] = spiffeId }));

        var detail = await Wire.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(rule, detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"selectors\":[\"no-colon\"]}", "selectors")]
    [InlineData("{\"selectors\":[\"\"]}", "selectors")]
    [InlineData("{\"policy\":\"Not A Name\"}", "policy names")]
    public async Task Register_InvalidSelectorsOrPolicyName_Returns400Problem(string extra, string expected)
    {
        var body = JsonNode.Parse(extra)!.AsObject();
        body["spiffe_id"] = Wire.NewAgentId("invalid-extra");

        using var response = await fixture.Operator.PostAsync("/v1/agents", Wire.Json(body));

        var detail = await Wire.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(expected, detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Register_WithPolicyThatDoesNotExist_Returns400NamingIt()
    {
        var body = new JsonObject { ["spiffe_id"] = Wire.NewAgentId("missing-policy"), ["policy"] = "no-such-policy" };

        using var response = await fixture.Operator.PostAsync("/v1/agents", Wire.Json(body));

        var detail = await Wire.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("policy 'no-such-policy' does not exist", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Register_WithPolicyAndMetadata_EchoesThem()
    {
        var id = Wire.NewAgentId("with-policy");
        var policy = new JsonObject { ["rules"] = new JsonArray(new JsonObject { ["match"] = "spiffe://aims.local/**", ["audiences"] = new JsonArray("x") }) };
        using (var put = await fixture.Operator.PutAsync("/v1/policies/analysts", Wire.Json(policy)))
            Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        var body = new JsonObject { ["spiffe_id"] = id, ["policy"] = "analysts", ["metadata"] = new JsonObject { ["team"] = "data" } };

        using var response = await fixture.Operator.PostAsync("/v1/agents", Wire.Json(body));

        var agent = await Wire.AssertJsonAsync(response, HttpStatusCode.Created);
        Assert.Equal("analysts", agent.GetProperty("policy").GetString());
        Assert.Equal("data", agent.GetProperty("metadata").GetProperty("team").GetString());
    }

    [Fact]
    public async Task Resume_SuspendedAgentThatNeverAttested_DoesNotBecomeActive()
    {
        var id = Wire.NewAgentId("resume-unattested");
        await Wire.RegisterAsync(fixture.Operator, id);
        var path = $"/v1/agents/{Wire.Encode(id)}";
        using (var suspend = await fixture.Operator.PostAsync($"{path}/suspend", null))
            await Wire.AssertJsonAsync(suspend, HttpStatusCode.OK);

        using var resume = await fixture.Operator.PostAsync($"{path}/resume", null);

        Assert.NotEqual("active", (await Wire.AssertJsonAsync(resume, HttpStatusCode.OK)).GetProperty("state").GetString());
    }

    [Fact]
    public async Task Show_RegisteredAgentByEncodedId_Returns200WithAgent()
    {
        var id = Wire.NewAgentId("show");
        await Wire.RegisterAsync(fixture.Operator, id);

        using var response = await fixture.Operator.GetAsync($"/v1/agents/{Wire.Encode(id)}");

        var agent = await Wire.AssertJsonAsync(response, HttpStatusCode.OK);
        Assert.Equal(id, agent.GetProperty("spiffe_id").GetString());
        Assert.Equal("registered", agent.GetProperty("state").GetString());
        Assert.Equal(0, agent.GetProperty("live_credentials").GetInt32());
    }

    [Fact]
    public async Task Show_EncodedIdWithPercentEncoding_Returns400NotAnotherAgent()
    {
        var suffix = Guid.NewGuid().ToString("N");
        await Wire.RegisterAsync(fixture.Operator, $"spiffe://aims.local/agents/xA-{suffix}");

        // "%41" is percent-encoded "A"; encoded whole it travels as "%2541" and must be refused, not resolved to "xA".
        using var response = await fixture.Operator.GetAsync($"/v1/agents/{Wire.Encode($"spiffe://aims.local/agents/x%41-{suffix}")}");

        var detail = await Wire.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("percent-encoded", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_PathThatIsNotASpiffeId_Returns400Problem()
    {
        using var response = await fixture.Operator.GetAsync("/v1/agents/not-a-spiffe-id");

        var detail = await Wire.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("spiffe://", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_UnknownAgent_Returns404Problem()
    {
        using var response = await fixture.Operator.GetAsync($"/v1/agents/{Wire.Encode(Wire.NewAgentId("ghost"))}");

        await Wire.AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task List_WithPrefixAndLimit_PagesThroughMatchingAgentsOnly()
    {
        var prefix = $"spiffe://aims.local/list-{Guid.NewGuid():N}/";
        var ids = Enumerable.Range(0, 5).Select(i => $"{prefix}agent-{i}").ToList();
        foreach (var id in ids)
            await Wire.RegisterAsync(fixture.Operator, id);
        await Wire.RegisterAsync(fixture.Operator, Wire.NewAgentId("outside-prefix"));

        var seen = new List<string>();
        string? after = null;
        var pages = 0;
        do
        {
            var query = $"/v1/agents?prefix={Uri.EscapeDataString(prefix)}&limit=2" + (after is null ? string.Empty : $"&after={Uri.EscapeDataString(after)}");
            using var response = await fixture.Operator.GetAsync(query);
            var page = await Wire.AssertJsonAsync(response, HttpStatusCode.OK);
            var agents = page.GetProperty("agents").EnumerateArray().Select(a => a.GetProperty("spiffe_id").GetString()!).ToList();
            Assert.InRange(agents.Count, 1, 2);
            seen.AddRange(agents);
            after = page.TryGetProperty("next", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
            pages++;
        }
        while (after is not null && pages < 10);

        Assert.Equal(3, pages);
        Assert.Equal(ids.Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Lifecycle_SuspendResumeTerminate_MovesStateAndRefusesIllegalTransitionWith409()
    {
        var (id, token) = await Wire.RegisteredWithTokenAsync(fixture.Operator, "lifecycle");
        using (var attest = await Wire.AttestAsync(fixture.Anonymous, Wire.AttestBody(token, audience: "spiffe://aims.local/svc/db")))
            await Wire.AssertJsonAsync(attest, HttpStatusCode.OK);
        var path = $"/v1/agents/{Wire.Encode(id)}";
        using (var active = await fixture.Operator.GetAsync(path))
            Assert.Equal("active", (await Wire.AssertJsonAsync(active, HttpStatusCode.OK)).GetProperty("state").GetString());

        Assert.Equal("suspended", await MoveAsync(path, "suspend"));
        Assert.Equal("active", await MoveAsync(path, "resume"));

        using (var illegal = await fixture.Operator.PostAsync($"{path}/resume", null))
        {
            var detail = await Wire.AssertProblemAsync(illegal, HttpStatusCode.Conflict);
            Assert.Contains("resume", detail, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Equal("terminated", await MoveAsync(path, "terminate"));
        using (var again = await fixture.Operator.PostAsync($"{path}/terminate", null))
            await Wire.AssertProblemAsync(again, HttpStatusCode.Conflict);
        using (var suspendTerminated = await fixture.Operator.PostAsync($"{path}/suspend", null))
            await Wire.AssertProblemAsync(suspendTerminated, HttpStatusCode.Conflict);

        using var show = await fixture.Operator.GetAsync(path);
        Assert.Equal("terminated", (await Wire.AssertJsonAsync(show, HttpStatusCode.OK)).GetProperty("state").GetString());
    }

    [Fact]
    public async Task Suspend_WithReasonBody_Returns200()
    {
        var id = Wire.NewAgentId("suspend-reason");
        await Wire.RegisterAsync(fixture.Operator, id);

        using var response = await fixture.Operator.PostAsync(
            $"/v1/agents/{Wire.Encode(id)}/suspend", Wire.Json(new JsonObject { ["reason"] = "maintenance" }));

        Assert.Equal("suspended", (await Wire.AssertJsonAsync(response, HttpStatusCode.OK)).GetProperty("state").GetString());
    }

    [Fact]
    public async Task Suspend_UnknownAgent_Returns404Problem()
    {
        using var response = await fixture.Operator.PostAsync($"/v1/agents/{Wire.Encode(Wire.NewAgentId("ghost"))}/suspend", null);

        await Wire.AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Credentials_AfterAttestation_ListsIssuedCredentials()
    {
        var (id, token) = await Wire.RegisteredWithTokenAsync(fixture.Operator, "credentials");
        using var key = new AgentKey();
        using (var attest = await Wire.AttestAsync(fixture.Anonymous, Wire.AttestBody(token, csr: key.CsrPem(), jwk: key.PublicJwk(), audience: "spiffe://aims.local/svc/db")))
            await Wire.AssertJsonAsync(attest, HttpStatusCode.OK);

        using var response = await fixture.Operator.GetAsync($"/v1/agents/{Wire.Encode(id)}/credentials");

        var credentials = (await Wire.AssertJsonAsync(response, HttpStatusCode.OK)).GetProperty("credentials").EnumerateArray().ToList();
        Assert.Equal(3, credentials.Count);
        Assert.Equal(
            ["jwt_svid", "wit", "x509_svid"],
            credentials.Select(c => c.GetProperty("kind").GetString()!).Order(StringComparer.Ordinal));
        Assert.All(credentials, c =>
        {
            Assert.Equal("active", c.GetProperty("state").GetString());
            AssertRfc3339Utc(c.GetProperty("issued_at").GetString()!);
            AssertRfc3339Utc(c.GetProperty("expires_at").GetString()!);
        });
        var jwt = credentials.Single(c => c.GetProperty("kind").GetString() == "jwt_svid");
        Assert.Equal("spiffe://aims.local/svc/db", Assert.Single(jwt.GetProperty("audience").EnumerateArray()).GetString());
    }

    [Fact]
    public async Task Credentials_NewAgent_ReturnsEmptyList()
    {
        var id = Wire.NewAgentId("no-credentials");
        await Wire.RegisterAsync(fixture.Operator, id);

        using var response = await fixture.Operator.GetAsync($"/v1/agents/{Wire.Encode(id)}/credentials");

        Assert.Empty((await Wire.AssertJsonAsync(response, HttpStatusCode.OK)).GetProperty("credentials").EnumerateArray());
    }

    internal static void AssertRfc3339Utc(string value) =>
        Assert.True(
            DateTimeOffset.TryParseExact(value, "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _),
            $"'{value}' is not an RFC 3339 UTC timestamp ending in Z");

    private async Task<string> MoveAsync(string path, string action)
    {
        using var response = await fixture.Operator.PostAsync($"{path}/{action}", null);
        return (await Wire.AssertJsonAsync(response, HttpStatusCode.OK)).GetProperty("state").GetString()!;
    }
}
