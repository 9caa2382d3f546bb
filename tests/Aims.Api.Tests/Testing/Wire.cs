using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Aims.Api.Tests.Testing;

/// <summary>Calls the wire contract of API.md the way an outside script would: raw JSON in, JSON out.</summary>
public static class Wire
{
    public const string ProblemJson = "application/problem+json";

    public static StringContent Json(string raw) => new(raw, Encoding.UTF8, "application/json");

    public static StringContent Json(JsonNode node) => Json(node.ToJsonString());

    /// <summary>A fresh SPIFFE ID in the test trust domain, unique per call so tests never share an agent.</summary>
    public static string NewAgentId(string name) => $"spiffe://{AimsApiFixture.TrustDomain}/agents/{name}-{Guid.NewGuid():N}";

    /// <summary>A SPIFFE ID as a path segment, URL-encoded whole (API.md "Agents").</summary>
    public static string Encode(string spiffeId) => Uri.EscapeDataString(spiffeId);

    public static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    /// <summary>Asserts the status and that the body is an RFC 9457 problem; returns its <c>detail</c>.</summary>
    public static async Task<string> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal(ProblemJson, response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(text);
        var root = document.RootElement;
        Assert.Equal((int)status, root.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(root.GetProperty("title").GetString()));
        var detail = root.GetProperty("detail").GetString();
        Assert.False(string.IsNullOrWhiteSpace(detail));
        return detail!;
    }

    public static async Task<JsonElement> AssertJsonAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    public static async Task<JsonElement> RegisterAsync(HttpClient operatorClient, string spiffeId, string? policy = null)
    {
        var body = new JsonObject { ["spiffe_id"] = spiffeId };
        if (policy is not null)
            body["policy"] = policy;
        using var response = await operatorClient.PostAsync("/v1/agents", Json(body));
        return await AssertJsonAsync(response, HttpStatusCode.Created);
    }

    public static async Task<string> JoinTokenAsync(HttpClient operatorClient, string spiffeId)
    {
        using var response = await operatorClient.PostAsync("/v1/join-tokens", Json(new JsonObject { ["spiffe_id"] = spiffeId }));
        var json = await AssertJsonAsync(response, HttpStatusCode.Created);
        return json.GetProperty("token").GetString()!;
    }

    /// <summary>A registered agent plus a fresh join token for it.</summary>
    public static async Task<(string SpiffeId, string Token)> RegisteredWithTokenAsync(HttpClient operatorClient, string name, string? policy = null)
    {
        var id = NewAgentId(name);
        await RegisterAsync(operatorClient, id, policy);
        return (id, await JoinTokenAsync(operatorClient, id));
    }

    public static JsonObject JoinTokenEvidence(string token) =>
        new() { ["type"] = "join_token", ["token"] = token };

    /// <summary>The body of <c>POST /v1/attest</c> with one join-token evidence item.</summary>
    public static JsonObject AttestBody(string token, string? spiffeId = null, string? csr = null, JsonObject? jwk = null, params string[] audience)
    {
        var body = new JsonObject { ["evidence"] = new JsonArray(JoinTokenEvidence(token)) };
        if (spiffeId is not null)
            body["spiffe_id"] = spiffeId;
        if (csr is not null)
            body["csr"] = csr;
        if (jwk is not null)
            body["jwk"] = jwk;
        if (audience.Length > 0)
            body["audience"] = new JsonArray([.. audience.Select(a => (JsonNode)a)]);
        return body;
    }

    public static Task<HttpResponseMessage> AttestAsync(HttpClient client, JsonObject body, string? correlationId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/attest") { Content = Json(body) };
        if (correlationId is not null)
            request.Headers.Add("X-Correlation-Id", correlationId);
        return client.SendAsync(request);
    }

    /// <summary>The claims of a compact JWS, decoded without verifying (verification is the interop tests' job).</summary>
    public static JsonElement JwtPayload(string token) => JwtPart(token, 1);

    public static JsonElement JwtHeader(string token) => JwtPart(token, 0);

    public static AuthenticationHeaderValue Bearer(string token) => new("Bearer", token);

    private static JsonElement JwtPart(string token, int index)
    {
        var part = token.Split('.')[index].Replace('-', '+').Replace('_', '/');
        part = part.PadRight(part.Length + ((4 - (part.Length % 4)) % 4), '=');
        using var document = JsonDocument.Parse(Convert.FromBase64String(part));
        return document.RootElement.Clone();
    }
}
