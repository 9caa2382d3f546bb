using System.Net;
using System.Text.Json.Nodes;
using Aims.Api.Tests.Testing;

namespace Aims.Api.Tests.Endpoints;

[Collection(AimsApiCollection.Name)]
public sealed class JoinTokenEndpointsTests(AimsApiFixture fixture)
{
    [Fact]
    public async Task Create_ForRegisteredAgent_Returns201WithTokenAndExpiry()
    {
        var id = Wire.NewAgentId("join");
        await Wire.RegisterAsync(fixture.Operator, id);

        using var response = await fixture.Operator.PostAsync("/v1/join-tokens", Wire.Json(new JsonObject { ["spiffe_id"] = id, ["ttl_seconds"] = 600 }));

        var token = await Wire.AssertJsonAsync(response, HttpStatusCode.Created);
        Assert.True(token.GetProperty("token").GetString()!.Length >= 32);
        Assert.Equal(id, token.GetProperty("spiffe_id").GetString());
        var expiresAt = token.GetProperty("expires_at").GetString()!;
        AgentEndpointsTests.AssertRfc3339Utc(expiresAt);
        Assert.True(DateTimeOffset.Parse(expiresAt, System.Globalization.CultureInfo.InvariantCulture) > DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task Create_TwiceForSameAgent_ReturnsDistinctTokens()
    {
        var id = Wire.NewAgentId("join-twice");
        await Wire.RegisterAsync(fixture.Operator, id);

        Assert.NotEqual(await Wire.JoinTokenAsync(fixture.Operator, id), await Wire.JoinTokenAsync(fixture.Operator, id));
    }

    [Fact]
    public async Task Create_ForUnregisteredAgent_Returns404Problem()
    {
        using var response = await fixture.Operator.PostAsync("/v1/join-tokens", Wire.Json(new JsonObject { ["spiffe_id"] = Wire.NewAgentId("unregistered") }));

        var detail = await Wire.AssertProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Contains("not registered", detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(29)]
    [InlineData(86401)]
    [InlineData(-5)]
    public async Task Create_TtlOutOfRange_Returns400Problem(int ttlSeconds)
    {
        var id = Wire.NewAgentId("join-ttl");
        await Wire.RegisterAsync(fixture.Operator, id);

        using var response = await fixture.Operator.PostAsync("/v1/join-tokens", Wire.Json(new JsonObject { ["spiffe_id"] = id, ["ttl_seconds"] = ttlSeconds }));

        var detail = await Wire.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("ttl_seconds", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_InvalidSpiffeId_Returns400Problem()
    {
        using var response = await fixture.Operator.PostAsync("/v1/join-tokens", Wire.Json(new JsonObject { ["spiffe_id"] = "spiffe://other.org/x" }));

        var detail = await Wire.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("not in the trust domain", detail, StringComparison.Ordinal);
    }
}
