using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Aims.Api.Tests.Testing;
using Aims.Grains;
using Aims.Grains.Authority;
using Microsoft.Extensions.DependencyInjection;

namespace Aims.Api.Tests.OAuth;

/// <summary>The OAuth wire as a client sees it: metadata, policies with an <c>oauth</c> section, agents holding JWT-SVIDs, form posts.</summary>
internal static class OAuthWire
{
    public const string JwtBearerAssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    public const string ClientCredentials = "client_credentials";
    public const string Resource = "https://api.example.com/reports";
    public const string OtherAudience = "spiffe://aims.local/svc/db";

    public static async Task<JsonElement> MetadataAsync(HttpClient client, string path = "/.well-known/oauth-authorization-server")
    {
        using var response = await client.GetAsync(path);
        return await Wire.AssertJsonAsync(response, HttpStatusCode.OK);
    }

    public static async Task<string> IssuerAsync(HttpClient client) =>
        (await MetadataAsync(client)).GetProperty("issuer").GetString()!;

    public static async Task<string> TokenEndpointAudienceAsync(HttpClient client) => await IssuerAsync(client) + "/oauth2/token";

    /// <summary>
    /// A policy whose one rule matches <paramref name="match"/>: join tokens, any JWT-SVID audience, and, unless
    /// <paramref name="withOAuth"/> is false, an oauth section allowing two scopes and one resource plus a spiffe audience prefix.
    /// </summary>
    public static async Task<string> PutPolicyAsync(HttpClient operatorClient, bool withOAuth = true, string match = "spiffe://aims.local/**")
    {
        var name = $"oauth-{Guid.NewGuid():N}"[..20];
        var rule = new JsonObject
        {
            ["match"] = match,
            ["attestation"] = new JsonObject { ["allowed"] = new JsonArray("join_token") },
            ["audiences"] = new JsonArray("*"),
        };
        if (withOAuth)
        {
            rule["oauth"] = new JsonObject
            {
                ["scopes"] = new JsonArray("read:reports", "write:reports"),
                ["resources"] = new JsonArray(Resource, "spiffe://aims.local/svc/*"),
                ["access_token_ttl_seconds"] = 600,
            };
        }

        var document = new JsonObject { ["description"] = "OAuth tests", ["rules"] = new JsonArray(rule) };
        using var put = await operatorClient.PutAsync($"/v1/policies/{name}", Wire.Json(document));
        Assert.True(put.IsSuccessStatusCode, $"PUT policy: {(int)put.StatusCode} {await put.Content.ReadAsStringAsync()}");
        return name;
    }

    /// <summary>Registers an agent under <paramref name="policy"/> and attests it once; returns its id and a JWT-SVID per audience.</summary>
    public static async Task<(string Id, string[] Svids)> AgentAsync(
        AimsApiFixture fixture, string policy, string name = "oauth", string? id = null, params string[] audience)
    {
        id ??= Wire.NewAgentId(name);
        await Wire.RegisterAsync(fixture.Operator, id, policy);
        return (id, await SvidsAsync(fixture, id, audience));
    }

    /// <summary>A fresh join token and attestation for an existing agent: one JWT-SVID for each of <paramref name="audience"/>.</summary>
    public static async Task<string[]> SvidsAsync(AimsApiFixture fixture, string id, params string[] audience)
    {
        var token = await Wire.JoinTokenAsync(fixture.Operator, id);
        using var attest = await Wire.AttestAsync(fixture.Anonymous, Wire.AttestBody(token, id, audience: audience));
        var result = await Wire.AssertJsonAsync(attest, HttpStatusCode.OK);
        var svids = result.GetProperty("jwt_svids").EnumerateArray().ToList();
        Assert.Equal(audience.Length, svids.Count);
        return [.. audience.Select(a => svids.Single(s => s.GetProperty("aud").EnumerateArray().Any(v => v.GetString() == a)).GetProperty("token").GetString()!)];
    }

    /// <summary>One JWT-SVID for the token endpoint of this silo.</summary>
    public static async Task<string> SvidForTokenEndpointAsync(AimsApiFixture fixture, string id) =>
        (await SvidsAsync(fixture, id, await TokenEndpointAudienceAsync(fixture.Anonymous)))[0];

    public static FormUrlEncodedContent Form(params (string Name, string? Value)[] fields) =>
        new(fields.Where(f => f.Value is not null).Select(f => new KeyValuePair<string, string>(f.Name, f.Value!)));

    /// <summary>The usual client_credentials request with a JWT-SVID as client_assertion, plus any extra fields.</summary>
    public static FormUrlEncodedContent TokenRequest(string assertion, string? scope = "read:reports", string? resource = Resource, params (string, string?)[] extra) =>
        Form([
            ("grant_type", ClientCredentials),
            ("client_assertion_type", JwtBearerAssertionType),
            ("client_assertion", assertion),
            ("scope", scope),
            ("resource", resource),
            .. extra,
        ]);

    public static async Task<(HttpStatusCode Status, JsonElement Json, HttpResponseMessage Response)> PostAsync(HttpClient client, string path, HttpContent content)
    {
        var response = await client.PostAsync(path, content);
        var text = await response.Content.ReadAsStringAsync();
        JsonElement json = default;
        if (!string.IsNullOrWhiteSpace(text))
        {
            using var document = JsonDocument.Parse(text);
            json = document.RootElement.Clone();
        }

        return (response.StatusCode, json, response);
    }

    /// <summary>Asserts an RFC 6749 §5.2 error: status, <c>error</c> code, a description, no-store; returns the description.</summary>
    public static async Task<string> AssertErrorAsync(HttpResponseMessage response, string error)
    {
        var text = await response.Content.ReadAsStringAsync();
        var expectedStatus = error == "invalid_client" ? HttpStatusCode.Unauthorized : HttpStatusCode.BadRequest;
        Assert.True(response.StatusCode == expectedStatus, $"expected {(int)expectedStatus} {error}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(text);
        Assert.Equal(error, document.RootElement.GetProperty("error").GetString());
        var description = document.RootElement.GetProperty("error_description").GetString();
        Assert.False(string.IsNullOrWhiteSpace(description));
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        if (error == "invalid_client")
            Assert.NotEmpty(response.Headers.WwwAuthenticate);
        return description!;
    }

    public static async Task<string> IssueAsync(HttpClient client, string assertion, string scope = "read:reports", string resource = Resource)
    {
        using var response = await client.PostAsync("/oauth2/token", TokenRequest(assertion, scope, resource));
        var json = await Wire.AssertJsonAsync(response, HttpStatusCode.OK);
        return json.GetProperty("access_token").GetString()!;
    }

    public static HttpRequestMessage OperatorForm(string path, string operatorToken, params (string, string?)[] fields)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Form(fields) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", operatorToken);
        return request;
    }

    /// <summary>
    /// A JWS signed with the trust domain's active JWT-SVID key, taken from the silo's own key ring: the way to get
    /// assertions the public API never mints (expired ones). <paramref name="mutate"/> edits header and payload.
    /// </summary>
    public static async Task<string> CraftSvidAsync(AimsApiFixture fixture, string sub, string aud, DateTimeOffset iat, DateTimeOffset exp)
    {
        var material = fixture.Services.GetRequiredService<AuthorityMaterial>();
        var grains = fixture.Services.GetRequiredService<IGrainFactory>();
        var snapshot = await grains.GetGrain<Aims.Grains.Authority.ITrustDomainAuthorityGrain>(GrainKeys.Authority(material.TrustDomain)).GetSnapshotAsync();
        using var ring = material.Load(snapshot);
        var key = ring.ActiveJwtKey!;
        var header = new JsonObject { ["alg"] = key.Algorithm, ["kid"] = key.Kid, ["typ"] = "JWT" };
        var payload = new JsonObject
        {
            ["sub"] = sub,
            ["aud"] = new JsonArray(aud),
            ["iat"] = iat.ToUnixTimeSeconds(),
            ["exp"] = exp.ToUnixTimeSeconds(),
            ["jti"] = Guid.NewGuid().ToString("N"),
        };
        var signingInput = B64(header.ToJsonString()) + "." + B64(payload.ToJsonString());
        var signature = key.PrivateKey.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return signingInput + "." + AgentKey.Base64Url(signature);
    }

    /// <summary>An unsigned-style JWS: <c>alg</c> none (empty signature) or HS256 keyed with the given bytes.</summary>
    public static string CraftUnsafe(string alg, string sub, string aud, byte[]? hmacKey = null)
    {
        var now = DateTimeOffset.UtcNow;
        var header = new JsonObject { ["alg"] = alg, ["typ"] = "JWT" };
        var payload = new JsonObject
        {
            ["sub"] = sub,
            ["aud"] = new JsonArray(aud),
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = now.AddMinutes(2).ToUnixTimeSeconds(),
            ["jti"] = Guid.NewGuid().ToString("N"),
        };
        var signingInput = B64(header.ToJsonString()) + "." + B64(payload.ToJsonString());
        var signature = alg == "none" ? string.Empty : AgentKey.Base64Url(HMACSHA256.HashData(hmacKey!, Encoding.ASCII.GetBytes(signingInput)));
        return signingInput + "." + signature;
    }

    private static string B64(string json) => AgentKey.Base64Url(Encoding.UTF8.GetBytes(json));
}
