using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Aims.Testing;

namespace Aims.Silo.Tests;

/// <summary>
/// The wire contract of API.md as a test sees it: raw JSON in, raw JSON out, and every unexpected status reported
/// with the response body and the silo's log.
/// </summary>
internal static class SiloApi
{
    public const string TrustDomain = "aims.local";

    public static string AgentId(string name) => $"spiffe://{TrustDomain}/agents/{name}";

    public static string PathOf(string spiffeId) => Uri.EscapeDataString(spiffeId);

    public static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    /// <summary>Sends a request and asserts its status; returns the parsed JSON body (or an empty object when there is none).</summary>
    public static async Task<JsonElement> SendAsync(
        SiloProcess silo, HttpClient client, HttpMethod method, string path, object? body, HttpStatusCode expected, string? contentType = null)
    {
        var (status, json, text, mediaType) = await TrySendAsync(client, method, path, body, contentType);
        Assert.True(
            status == expected,
            $"{method} {client.BaseAddress}{path.TrimStart('/')} answered {(int)status} {status} ({mediaType}), expected {(int)expected}: {text}\n{silo.Describe()}");
        return json;
    }

    /// <summary>Sends a request; returns status, parsed JSON (empty object if not JSON), raw text and media type.</summary>
    public static async Task<(HttpStatusCode Status, JsonElement Json, string Text, string? MediaType)> TrySendAsync(
        HttpClient client, HttpMethod method, string path, object? body, string? contentType = null)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (body is not null)
        {
            var text = body as string ?? JsonSerializer.Serialize(body);
            request.Content = new StringContent(text, Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType ?? "application/json");
        }

        using var response = await client.SendAsync(request);
        var raw = await response.Content.ReadAsStringAsync();
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        return (response.StatusCode, Parse(raw), raw, mediaType);
    }

    public static JsonElement Parse(string raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
            return Empty();
        try
        {
            using var document = JsonDocument.Parse(raw);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return Empty();
        }
    }

    public static Task<JsonElement> PutPolicyAsync(SiloProcess silo, HttpClient operatorClient, string name, string document) =>
        SendAsync(silo, operatorClient, HttpMethod.Put, $"/v1/policies/{name}", document, HttpStatusCode.Created);

    /// <summary>A policy for every agent below <c>/agents/</c>: join-token attestation, any JWT-SVID audience.</summary>
    public static string AgentsPolicy(string description) => new JsonObject
    {
        ["description"] = description,
        ["rules"] = new JsonArray(new JsonObject
        {
            ["match"] = $"spiffe://{TrustDomain}/agents/**",
            ["attestation"] = new JsonObject { ["allowed"] = new JsonArray("join_token") },
            ["audiences"] = new JsonArray("*"),
        }),
    }.ToJsonString();

    public static Task<JsonElement> RegisterAgentAsync(SiloProcess silo, HttpClient operatorClient, string spiffeId, string? policy = null) =>
        SendAsync(
            silo, operatorClient, HttpMethod.Post, "/v1/agents",
            policy is null ? new { spiffe_id = spiffeId } : new { spiffe_id = spiffeId, policy },
            HttpStatusCode.Created);

    public static async Task<string> CreateJoinTokenAsync(SiloProcess silo, HttpClient operatorClient, string spiffeId)
    {
        var created = await SendAsync(silo, operatorClient, HttpMethod.Post, "/v1/join-tokens", new { spiffe_id = spiffeId }, HttpStatusCode.Created);
        return created.GetProperty("token").GetString()!;
    }

    /// <summary><c>POST /v1/attest</c> with one join token; asks for an X509-SVID for <paramref name="key"/> and JWT-SVIDs for <paramref name="audience"/>.</summary>
    public static Task<JsonElement> AttestAsync(SiloProcess silo, HttpClient client, string spiffeId, string joinToken, AgentKey key, params string[] audience) =>
        SendAsync(silo, client, HttpMethod.Post, "/v1/attest", AttestBody(spiffeId, joinToken, key, audience), HttpStatusCode.OK);

    public static object AttestBody(string spiffeId, string joinToken, AgentKey key, string[] audience) => audience.Length == 0
        ? new { spiffe_id = spiffeId, evidence = new[] { new { type = "join_token", token = joinToken } }, csr = key.CsrPem() }
        : new { spiffe_id = spiffeId, evidence = new[] { new { type = "join_token", token = joinToken } }, csr = key.CsrPem(), audience };

    /// <summary><c>GET /v1/audit/verify</c> → (valid, record_count).</summary>
    public static async Task<(bool Valid, long Count, JsonElement Raw)> VerifyAuditAsync(SiloProcess silo, HttpClient operatorClient)
    {
        var result = await SendAsync(silo, operatorClient, HttpMethod.Get, "/v1/audit/verify", null, HttpStatusCode.OK);
        return (result.GetProperty("valid").GetBoolean(), result.GetProperty("record_count").GetInt64(), result);
    }

    public static async Task<JsonElement> GetBundleAsync(SiloProcess silo, HttpClient client) =>
        await SendAsync(silo, client, HttpMethod.Get, "/spiffe/bundle", null, HttpStatusCode.OK);

    /// <summary>The <c>x5c</c> roots of the <c>x509-svid</c> keys of a SPIFFE bundle, as base64 DER, sorted.</summary>
    public static IReadOnlyList<string> X509Roots(JsonElement bundle) =>
    [
        .. bundle.GetProperty("keys").EnumerateArray()
            .Where(k => k.TryGetProperty("use", out var use) && use.GetString() == "x509-svid")
            .SelectMany(k => k.GetProperty("x5c").EnumerateArray().Take(1).Select(c => c.GetString()!))
            .Order(StringComparer.Ordinal),
    ];

    /// <summary>The <c>kid:x:y</c> of the <c>jwt-svid</c> keys of a SPIFFE bundle, sorted.</summary>
    public static IReadOnlyList<string> JwtKeys(JsonElement bundle) =>
    [
        .. bundle.GetProperty("keys").EnumerateArray()
            .Where(k => k.TryGetProperty("use", out var use) && use.GetString() == "jwt-svid")
            .Select(k => $"{k.GetProperty("kid").GetString()}:{k.GetProperty("x").GetString()}:{k.GetProperty("y").GetString()}")
            .Order(StringComparer.Ordinal),
    ];

    /// <summary>PEM of the x509-svid roots of a bundle (what <c>openssl verify -CAfile</c> takes).</summary>
    public static string X509RootsPem(JsonElement bundle) =>
        string.Concat(X509Roots(bundle).Select(der => PemEncoding.WriteString("CERTIFICATE", Convert.FromBase64String(der)) + "\n"));

    /// <summary>
    /// Polls <paramref name="attempt"/> until it returns true or <paramref name="budget"/> runs out; returns how long it took.
    /// Failures inside an attempt (connection refused, 5xx) count as "not yet".
    /// </summary>
    public static async Task<TimeSpan> EventuallyAsync(TimeSpan budget, Func<Task<bool>> attempt, Func<string> describe)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Exception? last = null;
        while (clock.Elapsed < budget)
        {
            try
            {
                if (await attempt())
                    return clock.Elapsed;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or Xunit.Sdk.XunitException)
            {
                last = e;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }

        Assert.Fail($"not reached within {budget.TotalSeconds:0} s; last error: {last?.Message ?? "none"}\n{describe()}");
        return clock.Elapsed;
    }

    private static JsonElement Empty()
    {
        using var document = JsonDocument.Parse("{}");
        return document.RootElement.Clone();
    }
}
