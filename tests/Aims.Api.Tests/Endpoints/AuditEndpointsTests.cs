using System.Net;
using System.Text.Json;
using Aims.Api.Tests.Testing;

namespace Aims.Api.Tests.Endpoints;

[Collection(AimsApiCollection.Name)]
public sealed class AuditEndpointsTests(AimsApiFixture fixture)
{
    private const string Audience = "spiffe://aims.local/svc/db";

    [Fact]
    public async Task Query_ByAgentAfterRegisterAndAttest_ListsRegisterAttestAndIssueRecordsWithAimsFields()
    {
        var (id, token) = await Wire.RegisteredWithTokenAsync(fixture.Operator, "audited");
        using var key = new AgentKey();
        using (var attest = await Wire.AttestAsync(fixture.Anonymous, Wire.AttestBody(token, csr: key.CsrPem(), audience: Audience), correlationId: "test-123"))
            await Wire.AssertJsonAsync(attest, HttpStatusCode.OK);

        var records = await QueryAsync(id);

        Assert.All(records, r =>
        {
            Assert.Equal(id, r.GetProperty("agent_id").GetString());
            Assert.False(string.IsNullOrEmpty(r.GetProperty("action").GetString()));
            Assert.Contains(r.GetProperty("decision").GetString(), new[] { "Allowed", "Denied", "Info" });
            AgentEndpointsTests.AssertRfc3339Utc(r.GetProperty("timestamp").GetString()!);
            Assert.False(string.IsNullOrEmpty(r.GetProperty("correlation_id").GetString()));
            Assert.True(r.GetProperty("sequence").GetInt64() > 0);
            Assert.Equal(64, r.GetProperty("hash").GetString()!.Length);
        });
        var register = Assert.Single(records, r => r.GetProperty("action").GetString() == "agent.register");
        Assert.Equal("Allowed", register.GetProperty("decision").GetString());
        Assert.Equal("operator", register.GetProperty("actor").GetString());

        var attested = Assert.Single(records, r => r.GetProperty("action").GetString() == "agent.attest");
        Assert.Equal("Allowed", attested.GetProperty("decision").GetString());
        Assert.Equal("test-123", attested.GetProperty("correlation_id").GetString());

        var issued = records.Where(r => r.GetProperty("action").GetString() == "credential.issue").ToList();
        Assert.Equal(2, issued.Count);
        Assert.All(issued, r =>
        {
            Assert.Equal("Allowed", r.GetProperty("decision").GetString());
            Assert.Equal("test-123", r.GetProperty("correlation_id").GetString());
        });
        Assert.Contains(issued, r => r.GetProperty("resource").GetString()!.StartsWith("x509-svid:", StringComparison.Ordinal));
        Assert.Contains(issued, r => r.GetProperty("resource").GetString()!.StartsWith("jwt-svid:", StringComparison.Ordinal));

        var sequences = records.Select(r => r.GetProperty("sequence").GetInt64()).ToList();
        Assert.Equal(sequences.Order(), sequences);
    }

    [Fact]
    public async Task Query_AfterReusedJoinToken_RecordsDeniedAttestation()
    {
        var (id, token) = await Wire.RegisteredWithTokenAsync(fixture.Operator, "audited-reuse");
        using (var first = await Wire.AttestAsync(fixture.Anonymous, Wire.AttestBody(token, audience: Audience)))
            await Wire.AssertJsonAsync(first, HttpStatusCode.OK);
        using (var second = await Wire.AttestAsync(fixture.Anonymous, Wire.AttestBody(token, audience: Audience), correlationId: "test-denied-reuse"))
            await Wire.AssertProblemAsync(second, HttpStatusCode.Forbidden);

        var records = await QueryAsync(id);

        var denied = Assert.Single(records, r => r.GetProperty("decision").GetString() == "Denied");
        Assert.Equal("agent.attest", denied.GetProperty("action").GetString());
        Assert.Equal("test-denied-reuse", denied.GetProperty("correlation_id").GetString());
        Assert.Contains("already used", denied.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Query_AfterAttestationOfSuspendedAgent_RecordsDenial()
    {
        var (id, token) = await Wire.RegisteredWithTokenAsync(fixture.Operator, "audited-suspended");
        using (var suspend = await fixture.Operator.PostAsync($"/v1/agents/{Wire.Encode(id)}/suspend", null))
            await Wire.AssertJsonAsync(suspend, HttpStatusCode.OK);
        using (var attest = await Wire.AttestAsync(fixture.Anonymous, Wire.AttestBody(token, audience: Audience), correlationId: "test-denied-suspended"))
            await Wire.AssertProblemAsync(attest, HttpStatusCode.Forbidden);

        var records = await QueryAsync(id);

        Assert.Contains(records, r => r.GetProperty("action").GetString() == "agent.suspend" && r.GetProperty("decision").GetString() == "Allowed");
        var denied = Assert.Single(records, r => r.GetProperty("decision").GetString() == "Denied");
        Assert.Equal("test-denied-suspended", denied.GetProperty("correlation_id").GetString());
        Assert.Contains("suspended", denied.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Query_WithLimit_PagesWithNext()
    {
        var (id, token) = await Wire.RegisteredWithTokenAsync(fixture.Operator, "audited-pages");
        using (var attest = await Wire.AttestAsync(fixture.Anonymous, Wire.AttestBody(token, audience: Audience)))
            await Wire.AssertJsonAsync(attest, HttpStatusCode.OK);
        var all = await QueryAsync(id);

        using var response = await fixture.Operator.GetAsync($"/v1/audit?agent={Uri.EscapeDataString(id)}&limit=1");
        var page = await Wire.AssertJsonAsync(response, HttpStatusCode.OK);
        var first = Assert.Single(page.GetProperty("records").EnumerateArray());
        var next = page.GetProperty("next").GetInt64();
        using var rest = await fixture.Operator.GetAsync($"/v1/audit?agent={Uri.EscapeDataString(id)}&after={next}");
        var remaining = (await Wire.AssertJsonAsync(rest, HttpStatusCode.OK)).GetProperty("records").EnumerateArray().ToList();

        Assert.Equal(
            all.Select(r => r.GetProperty("sequence").GetInt64()),
            new[] { first }.Concat(remaining).Select(r => r.GetProperty("sequence").GetInt64()));
    }

    [Fact]
    public async Task Query_SinceInTheFuture_ReturnsNoRecords()
    {
        using var response = await fixture.Operator.GetAsync($"/v1/audit?since={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture))}");

        Assert.Empty((await Wire.AssertJsonAsync(response, HttpStatusCode.OK)).GetProperty("records").EnumerateArray());
    }

    [Theory]
    [InlineData("agent=not-a-spiffe-id", "agent must be a SPIFFE ID")]
    [InlineData("since=yesterday", "since must be an RFC 3339 timestamp")]
    public async Task Query_InvalidFilter_Returns400Problem(string query, string expected)
    {
        using var response = await fixture.Operator.GetAsync($"/v1/audit?{query}");

        var detail = await Wire.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(expected, detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_AfterActivity_ReportsValidChainWithRecords()
    {
        await Wire.RegisteredWithTokenAsync(fixture.Operator, "audited-verify");

        using var response = await fixture.Operator.GetAsync("/v1/audit/verify");

        var result = await Wire.AssertJsonAsync(response, HttpStatusCode.OK);
        Assert.True(result.GetProperty("valid").GetBoolean(), result.ToString());
        Assert.True(result.GetProperty("record_count").GetInt64() > 0);
        Assert.Equal(64, result.GetProperty("head_hash").GetString()!.Length);
    }

    private async Task<List<JsonElement>> QueryAsync(string agent)
    {
        using var response = await fixture.Operator.GetAsync($"/v1/audit?agent={Uri.EscapeDataString(agent)}");
        return [.. (await Wire.AssertJsonAsync(response, HttpStatusCode.OK)).GetProperty("records").EnumerateArray()];
    }
}
