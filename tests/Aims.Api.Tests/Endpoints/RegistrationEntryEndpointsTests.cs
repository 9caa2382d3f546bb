using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Aims.Api.Tests.Testing;

namespace Aims.Api.Tests.Endpoints;

/// <summary><c>/v1/entries</c>: operators say which workload identity a node agent may hand to which processes.</summary>
[Collection(AimsApiCollection.Name)]
public sealed class RegistrationEntryEndpointsTests(AimsApiFixture fixture)
{
    private static string NewNodeId() => $"spiffe://{AimsApiFixture.TrustDomain}/node/n-{Guid.NewGuid():N}";

    private static string NewWorkloadId(string name) => $"spiffe://{AimsApiFixture.TrustDomain}/workloads/{name}-{Guid.NewGuid():N}";

    private static JsonObject Body(string spiffeId, string parentId, params string[] selectors) => new()
    {
        ["spiffe_id"] = spiffeId,
        ["parent_id"] = parentId,
        ["selectors"] = new JsonArray([.. selectors.Select(s => (JsonNode)JsonValue.Create(s))]),
    };

    private async Task<JsonElement> CreatedAsync(JsonObject body)
    {
        using var response = await fixture.Operator.PostAsync("/v1/entries", Wire.Json(body));
        return await Wire.AssertJsonAsync(response, HttpStatusCode.Created);
    }

    [Fact]
    public async Task Create_ValidEntry_Returns201WithIdAndAllFields()
    {
        var (workload, node) = (NewWorkloadId("web"), NewNodeId());
        var body = Body(workload, node, "unix:uid:1000", "unix:sha256:" + new string('a', 64));
        body["x509_svid_ttl"] = 120;
        body["jwt_svid_ttl"] = 60;
        body["dns_names"] = new JsonArray("web.internal");
        body["hint"] = "internal";

        var entry = await CreatedAsync(body);

        Assert.Matches("^[0-9a-f]{32}$", entry.GetProperty("id").GetString());
        Assert.Equal(workload, entry.GetProperty("spiffe_id").GetString());
        Assert.Equal(node, entry.GetProperty("parent_id").GetString());
        Assert.Equal(["unix:sha256:" + new string('a', 64), "unix:uid:1000"], entry.GetProperty("selectors").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(120, entry.GetProperty("x509_svid_ttl").GetInt64());
        Assert.Equal(60, entry.GetProperty("jwt_svid_ttl").GetInt64());
        Assert.Equal("web.internal", entry.GetProperty("dns_names")[0].GetString());
        Assert.Equal("internal", entry.GetProperty("hint").GetString());
        AgentEndpointsTests.AssertRfc3339Utc(entry.GetProperty("created_at").GetString()!);
    }

    [Fact]
    public async Task Create_SpiffeIdNotYetAnAgent_RegistersTheAgent()
    {
        var workload = NewWorkloadId("auto-agent");
        await CreatedAsync(Body(workload, NewNodeId(), "unix:uid:1000"));

        using var agent = await fixture.Operator.GetAsync($"/v1/agents/{Wire.Encode(workload)}");

        var view = await Wire.AssertJsonAsync(agent, HttpStatusCode.OK);
        Assert.Equal("registered", view.GetProperty("state").GetString());
    }

    [Fact]
    public async Task Create_SameSpiffeIdParentAndSelectors_Returns409NamingTheEntry()
    {
        var body = Body(NewWorkloadId("twice"), NewNodeId(), "unix:uid:1");
        var first = await CreatedAsync(body);

        using var again = await fixture.Operator.PostAsync("/v1/entries", Wire.Json(body));

        var detail = await Wire.AssertProblemAsync(again, HttpStatusCode.Conflict);
        Assert.Contains(first.GetProperty("id").GetString()!, detail, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> InvalidBodies() => new()
    {
        { """{"parent_id":"spiffe://aims.local/node/n1","selectors":["unix:uid:0"]}""", "spiffe_id is required" },
        { """{"spiffe_id":"spiffe://aims.local/w","selectors":["unix:uid:0"]}""", "parent_id is required" },
        { """{"spiffe_id":"spiffe://aims.local/w","parent_id":"spiffe://aims.local/node/n1"}""", "selectors are required" },
        { """{"spiffe_id":"spiffe://aims.local/w","parent_id":"spiffe://aims.local/node/n1","selectors":[]}""", "selectors are required" },
        { """{"spiffe_id":"spiffe://other.test/w","parent_id":"spiffe://aims.local/node/n1","selectors":["unix:uid:0"]}""", "outside the trust domain" },
        { """{"spiffe_id":"spiffe://aims.local/w","parent_id":"spiffe://aims.local/node/n1","selectors":["uid"]}""", "is not type:value" },
        { """{"spiffe_id":"spiffe://aims.local/w","parent_id":"spiffe://aims.local/node/n1","selectors":["unix:uid:0"],"x509_svid_ttl":10}""", "x509_svid_ttl must be between 60 and 86400" },
        { """{"spiffe_id":"spiffe://aims.local/w","parent_id":"spiffe://aims.local/node/n1","selectors":["unix:uid:0"],"jwt_svid_ttl":7200}""", "jwt_svid_ttl must be between 60 and 3600" },
        { """{"spiffe_id":"spiffe://aims.local/w","parent_id":"spiffe://aims.local/node/n1","selectors":["unix:uid:0"],"dns_names":["bad_name"]}""", "neither a DNS name" },
        { """{"spiffe_id":"spiffe://aims.local/w","parent_id":"spiffe://aims.local/node/n1","selectors":["unix:uid:0"],"ttl":60}""", "unknown member 'ttl'" },
        { """{"spiffe_id":"spiffe://aims.local/w","parent_id":"spiffe://aims.local/node/n1","selectors":"unix:uid:0"}""", "not valid for this endpoint" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task Create_InvalidBody_Returns400SayingWhatToFix(string json, string expected)
    {
        using var response = await fixture.Operator.PostAsync("/v1/entries", Wire.Json(json));

        var detail = await Wire.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(expected, detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_OversizedBody_Returns413()
    {
        var body = Body(NewWorkloadId("big"), NewNodeId(), "unix:path:/" + new string('a', 70 * 1024));

        using var response = await fixture.Operator.PostAsync("/v1/entries", Wire.Json(body));

        await Wire.AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Entries_WithoutOperatorToken_Return401()
    {
        using var create = await fixture.Anonymous.PostAsync("/v1/entries", Wire.Json(Body(NewWorkloadId("anon"), NewNodeId(), "unix:uid:0")));
        using var list = await fixture.Anonymous.GetAsync("/v1/entries");

        Assert.Equal(HttpStatusCode.Unauthorized, create.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, list.StatusCode);
    }

    [Fact]
    public async Task Show_Existing_ReturnsTheEntry_Unknown404_Malformed400()
    {
        var entry = await CreatedAsync(Body(NewWorkloadId("show"), NewNodeId(), "unix:uid:0"));
        var id = entry.GetProperty("id").GetString()!;

        using var shown = await fixture.Operator.GetAsync($"/v1/entries/{id}");
        using var unknown = await fixture.Operator.GetAsync($"/v1/entries/{new string('0', 32)}");
        using var malformed = await fixture.Operator.GetAsync("/v1/entries/not-an-id");

        Assert.Equal(id, (await Wire.AssertJsonAsync(shown, HttpStatusCode.OK)).GetProperty("id").GetString());
        Assert.Contains("there is no registration entry", await Wire.AssertProblemAsync(unknown, HttpStatusCode.NotFound), StringComparison.Ordinal);
        Assert.Contains("32 lowercase hex characters", await Wire.AssertProblemAsync(malformed, HttpStatusCode.BadRequest), StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_ByParent_OnlyThatParentsEntriesPaged()
    {
        var node = NewNodeId();
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
            ids.Add((await CreatedAsync(Body(NewWorkloadId($"list-{i}"), node, $"unix:uid:{i}"))).GetProperty("id").GetString()!);
        await CreatedAsync(Body(NewWorkloadId("list-other"), NewNodeId(), "unix:uid:0"));
        ids.Sort(StringComparer.Ordinal);

        using var first = await fixture.Operator.GetAsync($"/v1/entries?parent_id={Wire.Encode(node)}&limit=2");
        var page1 = await Wire.AssertJsonAsync(first, HttpStatusCode.OK);
        var next = page1.GetProperty("next").GetString()!;
        using var second = await fixture.Operator.GetAsync($"/v1/entries?parent_id={Wire.Encode(node)}&limit=2&after={next}");
        var page2 = await Wire.AssertJsonAsync(second, HttpStatusCode.OK);

        var listed = page1.GetProperty("entries").EnumerateArray().Concat(page2.GetProperty("entries").EnumerateArray())
            .Select(e => e.GetProperty("id").GetString()!).ToList();
        Assert.Equal(ids, listed);
        Assert.False(page2.TryGetProperty("next", out _));
    }

    [Fact]
    public async Task List_WithoutParent_IncludesEveryParentsEntries()
    {
        var entry = await CreatedAsync(Body(NewWorkloadId("list-all"), NewNodeId(), "unix:uid:0"));
        var id = entry.GetProperty("id").GetString()!;

        var found = false;
        string? after = null;
        do
        {
            using var response = await fixture.Operator.GetAsync("/v1/entries?limit=500" + (after is null ? "" : "&after=" + after));
            var page = await Wire.AssertJsonAsync(response, HttpStatusCode.OK);
            found |= page.GetProperty("entries").EnumerateArray().Any(e => e.GetProperty("id").GetString() == id);
            after = page.TryGetProperty("next", out var next) ? next.GetString() : null;
        }
        while (!found && after is not null);

        Assert.True(found);
    }

    [Theory]
    [InlineData("limit=0", "limit must be")]
    [InlineData("limit=501", "limit must be")]
    [InlineData("after=xyz", "after must be an entry id")]
    [InlineData("parent_id=spiffe%3A%2F%2FAIMS", "parent_id is invalid")]
    [InlineData("parent=x", "unknown query parameter 'parent'")]
    public async Task List_BadQuery_Returns400(string query, string expected)
    {
        using var response = await fixture.Operator.GetAsync("/v1/entries?" + query);

        Assert.Contains(expected, await Wire.AssertProblemAsync(response, HttpStatusCode.BadRequest), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_Existing_Returns204ThenGone()
    {
        var node = NewNodeId();
        var entry = await CreatedAsync(Body(NewWorkloadId("delete"), node, "unix:uid:0"));
        var id = entry.GetProperty("id").GetString()!;

        using var deleted = await fixture.Operator.DeleteAsync($"/v1/entries/{id}");
        using var shown = await fixture.Operator.GetAsync($"/v1/entries/{id}");
        using var again = await fixture.Operator.DeleteAsync($"/v1/entries/{id}");
        using var listed = await fixture.Operator.GetAsync($"/v1/entries?parent_id={Wire.Encode(node)}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, shown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Empty((await Wire.AssertJsonAsync(listed, HttpStatusCode.OK)).GetProperty("entries").EnumerateArray());
    }
}
