using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Aims.Api.Tests.OAuth;
using Aims.Api.Tests.Testing;
using Aims.Core.Jose;
using Aims.Core.Signals;
using Aims.Grains.Signals;
using Microsoft.Extensions.DependencyInjection;

namespace Aims.Api.Tests.Signals;

/// <summary>A receiver agent with SSF access tokens, and ways to raise events and check the SETs they become.</summary>
internal static class SsfWire
{
    public const string Issuer = "http://localhost";
    public const string Resource = Issuer + "/ssf";

    /// <summary>A policy letting agents get <paramref name="scopes"/> for the SSF resource, and an agent under it.</summary>
    public static async Task<(string Agent, string Policy)> ReceiverAsync(AimsApiFixture fixture)
    {
        var name = $"ssf-{Guid.NewGuid():N}"[..20];
        var rule = new JsonObject
        {
            ["match"] = "spiffe://aims.local/**",
            ["attestation"] = new JsonObject { ["allowed"] = new JsonArray("join_token") },
            ["audiences"] = new JsonArray("*"),
            ["oauth"] = new JsonObject
            {
                ["scopes"] = new JsonArray("ssf.manage", "ssf.read"),
                ["resources"] = new JsonArray(Resource),
                ["access_token_ttl_seconds"] = 600,
            },
        };
        using (var put = await fixture.Operator.PutAsync($"/v1/policies/{name}", Wire.Json(new JsonObject { ["rules"] = new JsonArray(rule) })))
            Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        var agent = Wire.NewAgentId("receiver");
        await Wire.RegisterAsync(fixture.Operator, agent, name);
        return (agent, name);
    }

    public static async Task<string> TokenAsync(AimsApiFixture fixture, string agent, string scope)
    {
        var assertion = await OAuthWire.SvidForTokenEndpointAsync(fixture, agent);
        return await OAuthWire.IssueAsync(fixture.Anonymous, assertion, scope, Resource);
    }

    public static HttpRequestMessage Request(HttpMethod method, string path, string token, JsonNode? body = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : Wire.Json(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    public static async Task<JsonElement> SendAsync(AimsApiFixture fixture, HttpMethod method, string path, string token, JsonNode? body, HttpStatusCode expected)
    {
        using var request = Request(method, path, token, body);
        using var response = await fixture.Anonymous.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{method} {path}: expected {(int)expected}, got {(int)response.StatusCode} {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Raises an event as the fabric would after a state change: through the trust domain's dispatcher.</summary>
    public static Task PublishAsync(AimsApiFixture fixture, SecurityEvent securityEvent) =>
        fixture.Services.GetRequiredService<IGrainFactory>().GetGrain<ISignalDispatcherGrain>(AimsApiFixture.TrustDomain).PublishAsync(securityEvent.ToMessage());

    public static SecurityEvent Compromise(string agent) =>
        SecurityEvents.CredentialCompromise(SubjectIdentifier.ForUri(agent), "x509", new EventCause(Guid.NewGuid().ToString("N"), DateTimeOffset.UtcNow, InitiatingEntity.Admin, "test"));

    /// <summary>Validates a SET against the fabric's <c>/oauth2/jwks</c> with Core's receiver-side validator.</summary>
    public static async Task<ReceivedSecurityEvent> VerifyAsync(AimsApiFixture fixture, string set, string audience)
    {
        using var response = await fixture.Anonymous.GetAsync("/oauth2/jwks");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var jwks = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var keys = new Dictionary<string, ECDsa>();
        foreach (var key in jwks.GetProperty("keys").EnumerateArray())
        {
            var jwk = JsonWebKey.Parse(key.GetRawText())!;
            keys[key.GetProperty("kid").GetString()!] = jwk.ToECDsa()!;
        }

        var result = SecurityEventTokenValidator.Validate(set, new SetValidationContext(Issuer, [audience], kid => kid is not null && keys.TryGetValue(kid, out var k) ? k : null), DateTimeOffset.UtcNow);
        Assert.True(result.IsValid, $"{result.Error}: {result.Description}");
        return result.Event!;
    }
}
