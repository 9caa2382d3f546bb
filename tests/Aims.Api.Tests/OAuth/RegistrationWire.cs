using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Aims.Api.Tests.Testing;

namespace Aims.Api.Tests.OAuth;

/// <summary>RFC 7591 registration as a client does it: JSON metadata in, the registered client (or an error) out.</summary>
internal static class RegistrationWire
{
    public const string Path = "/oauth2/register";
    public const string Callback = "https://app.example.com/callback";

    public static JsonObject PublicClient(params string[] redirectUris) => new()
    {
        ["client_name"] = "Reports app",
        ["redirect_uris"] = new JsonArray([.. (redirectUris.Length == 0 ? [Callback] : redirectUris).Select(u => (JsonNode)u)]),
        ["token_endpoint_auth_method"] = "none",
    };

    /// <summary>A confidential client whose one key is <paramref name="key"/>'s public half, named <paramref name="kid"/>.</summary>
    public static JsonObject PrivateKeyJwtClient(AgentKey key, string kid)
    {
        var jwk = key.PublicJwk();
        jwk["kid"] = kid;
        var metadata = PublicClient();
        metadata["token_endpoint_auth_method"] = "private_key_jwt";
        metadata["jwks"] = new JsonObject { ["keys"] = new JsonArray(jwk) };
        return metadata;
    }

    public static Task<HttpResponseMessage> PostAsync(HttpClient client, JsonNode metadata, string? bearer = null) =>
        PostAsync(client, Wire.Json(metadata), bearer);

    public static Task<HttpResponseMessage> PostAsync(HttpClient client, HttpContent content, string? bearer = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Path) { Content = content };
        if (bearer is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return client.SendAsync(request);
    }

    /// <summary>Registers and asserts RFC 7591 §3.2.1: 201, JSON, no-store, a client_id, and never a client_secret.</summary>
    public static async Task<JsonElement> RegisterAsync(HttpClient client, JsonNode metadata, string? bearer = null)
    {
        using var response = await PostAsync(client, metadata, bearer);
        var body = await Wire.AssertJsonAsync(response, HttpStatusCode.Created);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("client_id").GetString()));
        Assert.False(body.TryGetProperty("client_secret", out _));
        Assert.False(body.TryGetProperty("client_secret_expires_at", out _));
        return body;
    }

    /// <summary>Asserts an RFC 7591 §3.2.2 (or RFC 6750 §3.1) error; returns its description.</summary>
    public static async Task<string> AssertErrorAsync(HttpResponseMessage response, string error, HttpStatusCode status = HttpStatusCode.BadRequest)
    {
        var body = await Wire.AssertJsonAsync(response, status);
        Assert.Equal(error, body.GetProperty("error").GetString());
        var description = body.GetProperty("error_description").GetString();
        Assert.False(string.IsNullOrWhiteSpace(description));
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        if (status == HttpStatusCode.Unauthorized)
            Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
        return description!;
    }

    public static async Task<string> RegistrationAudienceAsync(HttpClient client) => await OAuthWire.IssuerAsync(client) + Path;

    /// <summary>An RFC 7523 §3 client assertion of a registered client: iss = sub = client_id, signed by <paramref name="signer"/>.</summary>
    public static string Assertion(AgentKey signer, string clientId, string audience, string? kid)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = new JsonObject { ["alg"] = "ES256", ["typ"] = "JWT" };
        if (kid is not null)
            header["kid"] = kid;
        var claims = new JsonObject
        {
            ["iss"] = clientId,
            ["sub"] = clientId,
            ["aud"] = audience,
            ["iat"] = now,
            ["exp"] = now + 120,
            ["jti"] = Guid.NewGuid().ToString("N"),
        };
        var input = B64(header.ToJsonString()) + "." + B64(claims.ToJsonString());
        return input + "." + AgentKey.Base64Url(signer.SignJws(Encoding.ASCII.GetBytes(input)));
    }

    private static string B64(string json) => AgentKey.Base64Url(Encoding.UTF8.GetBytes(json));
}
