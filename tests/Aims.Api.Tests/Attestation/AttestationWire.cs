using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Aims.Api.Tests.Testing;

namespace Aims.Api.Tests.Attestation;

/// <summary>The calls of the attestation tests as an outside script makes them: raw JSON in, JSON out.</summary>
internal static class AttestationWire
{
    public const string Audience = "spiffe://aims.local/svc/ledger";

    /// <summary>
    /// A policy for agents below <c>spiffe://aims.local/agents/{prefix}/</c> that allows every HTTP evidence type and
    /// requires <paramref name="required"/> (multi-attestation); returns the policy name and the agents' prefix.
    /// </summary>
    public static async Task<(string Policy, string Prefix)> PolicyAsync(HttpClient operatorClient, params string[] required)
    {
        var suffix = Guid.NewGuid().ToString("N")[..12];
        var prefix = $"spiffe://aims.local/agents/payments-{suffix}/";
        var rule = new JsonObject
        {
            ["match"] = prefix + "**",
            ["attestation"] = new JsonObject
            {
                ["allowed"] = new JsonArray("join_token", "tpm", "k8s_psat", "oidc", "slsa"),
                ["required"] = new JsonArray([.. required.Select(r => (JsonNode)r)]),
            },
            ["audiences"] = new JsonArray("*"),
        };
        var name = $"attest-{suffix}";
        using var put = await operatorClient.PutAsync($"/v1/policies/{name}", Wire.Json(new JsonObject { ["rules"] = new JsonArray(rule) }));
        Assert.True(put.IsSuccessStatusCode, $"PUT policy: {(int)put.StatusCode} {await put.Content.ReadAsStringAsync()}");
        return (name, prefix);
    }

    public static async Task<string> RegisterAsync(HttpClient operatorClient, string id, string policy, params string[] selectors)
    {
        var body = new JsonObject
        {
            ["spiffe_id"] = id,
            ["policy"] = policy,
            ["selectors"] = new JsonArray([.. selectors.Select(s => (JsonNode)s)]),
        };
        using var response = await operatorClient.PostAsync("/v1/agents", Wire.Json(body));
        await Wire.AssertJsonAsync(response, HttpStatusCode.Created);
        return id;
    }

    public static JsonObject Body(string? spiffeId, params JsonObject[] evidence)
    {
        var body = new JsonObject { ["evidence"] = new JsonArray(evidence), ["audience"] = new JsonArray(Audience) };
        if (spiffeId is not null)
            body["spiffe_id"] = spiffeId;
        return body;
    }

    public static JsonObject K8s(string token) => new() { ["type"] = "k8s_psat", ["token"] = token };

    public static JsonObject Oidc(string token) => new() { ["type"] = "oidc", ["token"] = token };

    public static JsonObject Slsa(JsonObject envelope, string? measured = null)
    {
        var item = new JsonObject { ["type"] = "slsa", ["envelope"] = envelope };
        if (measured is not null)
            item["measured"] = measured;
        return item;
    }

    public static async Task<string> ChallengeAsync(HttpClient client)
    {
        using var response = await client.PostAsync("/v1/attest/challenge", null);
        var json = await Wire.AssertJsonAsync(response, HttpStatusCode.OK);
        return json.GetProperty("nonce").GetString()!;
    }

    public static async Task<JsonElement> AgentAsync(HttpClient operatorClient, string id)
    {
        using var response = await operatorClient.GetAsync($"/v1/agents/{Wire.Encode(id)}");
        return await Wire.AssertJsonAsync(response, HttpStatusCode.OK);
    }

    public static async Task<IReadOnlyList<JsonElement>> AuditAsync(HttpClient operatorClient, string id)
    {
        using var response = await operatorClient.GetAsync($"/v1/audit?agent={Uri.EscapeDataString(id)}");
        var json = await Wire.AssertJsonAsync(response, HttpStatusCode.OK);
        var records = json.ValueKind == JsonValueKind.Array ? json : json.GetProperty("records");
        return [.. records.EnumerateArray()];
    }
}
