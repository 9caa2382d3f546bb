using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Aims.Testing;

namespace Aims.Silo.Tests.OAuth;

/// <summary>The OAuth calls the silo-process tests share: policy with an oauth section, agent with a JWT-SVID, form posts.</summary>
internal static class OAuthSilo
{
    public const string Resource = "https://api.example.com/reports";
    public const string JwtBearer = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    public static async Task<JsonElement> MetadataAsync(SiloProcess silo, HttpClient client) =>
        await SiloApi.SendAsync(silo, client, HttpMethod.Get, "/.well-known/oauth-authorization-server", null, HttpStatusCode.OK);

    public static async Task<string> PutPolicyAsync(SiloProcess silo, HttpClient op)
    {
        var name = SiloApi.UniqueName("oauth");
        var document = new JsonObject
        {
            ["description"] = "OAuth silo tests",
            ["rules"] = new JsonArray(new JsonObject
            {
                ["match"] = $"spiffe://{SiloApi.TrustDomain}/agents/**",
                ["attestation"] = new JsonObject { ["allowed"] = new JsonArray("join_token") },
                ["audiences"] = new JsonArray("*"),
                ["oauth"] = new JsonObject
                {
                    ["scopes"] = new JsonArray("read:reports"),
                    ["resources"] = new JsonArray(Resource),
                },
            }),
        }.ToJsonString();
        await SiloApi.PutPolicyAsync(silo, op, name, document);
        return name;
    }

    /// <summary>A new join token for <paramref name="agentId"/> and an attestation that returns one JWT-SVID for <paramref name="audience"/>.</summary>
    public static async Task<string> SvidAsync(SiloProcess silo, HttpClient op, HttpClient anon, string agentId, AgentKey key, string audience)
    {
        var token = await SiloApi.CreateJoinTokenAsync(silo, op, agentId);
        var issued = await SiloApi.AttestAsync(silo, anon, agentId, token, key, audience);
        return issued.GetProperty("jwt_svids")[0].GetProperty("token").GetString()!;
    }

    public static async Task<(HttpStatusCode Status, JsonElement Json, string Text)> PostFormAsync(
        HttpClient client, string path, params (string Name, string Value)[] fields)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path.TrimStart('/'))
        {
            Content = new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))),
        };
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, SiloApi.Parse(text), text);
    }

    public static async Task<string> IssueAsync(SiloProcess silo, HttpClient anon, string assertion)
    {
        var (status, json, text) = await PostFormAsync(anon, "/oauth2/token",
            ("grant_type", "client_credentials"), ("client_assertion_type", JwtBearer), ("client_assertion", assertion),
            ("scope", "read:reports"), ("resource", Resource));
        Assert.True(status == HttpStatusCode.OK, $"token: {(int)status} {text}\n{silo.Describe()}");
        return json.GetProperty("access_token").GetString()!;
    }
}
