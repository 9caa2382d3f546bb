using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Aims.Api.Tests.Testing;

namespace Aims.Api.Tests.OAuth;

/// <summary>
/// <c>POST /oauth2/register</c> (RFC 7591) through the real pipeline: anonymous public and confidential clients,
/// agents registering under their SPIFFE ID with their JWT-SVID, and every refusal an attacker would try.
/// </summary>
[Collection(AimsApiCollection.Name)]
public sealed class ClientRegistrationTests(AimsApiFixture fixture)
{
    [Fact]
    public async Task Register_AnonymousPublicClient_201WithGeneratedClientIdAndNoSecret()
    {
        var before = DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds();

        var client = await RegistrationWire.RegisterAsync(fixture.Anonymous, RegistrationWire.PublicClient(RegistrationWire.Callback, "http://127.0.0.1:8400/cb"));

        var clientId = client.GetProperty("client_id").GetString()!;
        Assert.Equal(22, clientId.Length);
        Assert.DoesNotContain(':', clientId);
        Assert.True(client.GetProperty("client_id_issued_at").GetInt64() >= before);
        Assert.Equal([RegistrationWire.Callback, "http://127.0.0.1:8400/cb"], Strings(client, "redirect_uris"));
        Assert.Equal(["authorization_code"], Strings(client, "grant_types"));
        Assert.Equal(["code"], Strings(client, "response_types"));
        Assert.Equal("none", client.GetProperty("token_endpoint_auth_method").GetString());
        Assert.Equal("Reports app", client.GetProperty("client_name").GetString());
    }

    [Fact]
    public async Task Register_TwoAnonymousClients_DistinctClientIds()
    {
        var first = await RegistrationWire.RegisterAsync(fixture.Anonymous, RegistrationWire.PublicClient());
        var second = await RegistrationWire.RegisterAsync(fixture.Anonymous, RegistrationWire.PublicClient());

        Assert.NotEqual(first.GetProperty("client_id").GetString(), second.GetProperty("client_id").GetString());
    }

    [Fact]
    public async Task Register_PrivateKeyJwtClient_ReturnsOnlyThePublicKey()
    {
        using var key = new AgentKey();

        var client = await RegistrationWire.RegisterAsync(fixture.Anonymous, RegistrationWire.PrivateKeyJwtClient(key, "k1"));

        Assert.Equal("private_key_jwt", client.GetProperty("token_endpoint_auth_method").GetString());
        var jwk = Assert.Single(client.GetProperty("jwks").GetProperty("keys").EnumerateArray());
        Assert.Equal("k1", jwk.GetProperty("kid").GetString());
        Assert.Equal(key.PublicJwk()["x"]!.GetValue<string>(), jwk.GetProperty("x").GetString());
        Assert.False(jwk.TryGetProperty("d", out _));
    }

    [Fact]
    public async Task Register_AgentWithItsJwtSvid_ClientIdIsTheSpiffeId()
    {
        var (id, svid) = await AgentWithRegistrationSvidAsync();
        var metadata = RegistrationWire.PublicClient();
        metadata.Remove("token_endpoint_auth_method");
        metadata["grant_types"] = new JsonArray("authorization_code", "refresh_token", "client_credentials");

        var client = await RegistrationWire.RegisterAsync(fixture.Anonymous, metadata, svid);

        Assert.Equal(id, client.GetProperty("client_id").GetString());
        Assert.Equal("private_key_jwt", client.GetProperty("token_endpoint_auth_method").GetString());
        Assert.Equal(["authorization_code", "refresh_token", "client_credentials"], Strings(client, "grant_types"));
        using var shown = await fixture.Operator.GetAsync($"/v1/oauth/clients/{Wire.Encode(id)}");
        Assert.True((await Wire.AssertJsonAsync(shown, HttpStatusCode.OK)).GetProperty("is_agent").GetBoolean());
    }

    [Fact]
    public async Task Register_AgentAgain_UpdatesRedirectUrisAndKeepsIssuedAt()
    {
        var (id, svid) = await AgentWithRegistrationSvidAsync();
        var first = await RegistrationWire.RegisterAsync(fixture.Anonymous, Agent(RegistrationWire.Callback), svid);

        var second = await RegistrationWire.RegisterAsync(fixture.Anonymous, Agent("https://app.example.com/v2/callback", "http://[::1]:9000/cb"), svid);

        Assert.Equal(id, second.GetProperty("client_id").GetString());
        Assert.Equal(first.GetProperty("client_id_issued_at").GetInt64(), second.GetProperty("client_id_issued_at").GetInt64());
        using var shown = await fixture.Operator.GetAsync($"/v1/oauth/clients/{Wire.Encode(id)}");
        Assert.Equal(["https://app.example.com/v2/callback", "http://[::1]:9000/cb"], Strings(await Wire.AssertJsonAsync(shown, HttpStatusCode.OK), "redirect_uris"));
        var actions = (await AuditAsync($"agent={Uri.EscapeDataString(id)}")).Select(r => r.GetProperty("action").GetString()).ToList();
        Assert.Contains("oauth.client.register", actions);
        Assert.Contains("oauth.client.update", actions);
    }

    [Fact]
    public async Task Register_AgentWithTlsClientAuth_ResponseNamesTheSpiffeIdAsSanUri()
    {
        var (id, svid) = await AgentWithRegistrationSvidAsync();
        var metadata = Agent(RegistrationWire.Callback);
        metadata["token_endpoint_auth_method"] = "tls_client_auth";

        var client = await RegistrationWire.RegisterAsync(fixture.Anonymous, metadata, svid);

        Assert.Equal(id, client.GetProperty("tls_client_auth_san_uri").GetString());
    }

    public static TheoryData<string, string, string> RefusedMetadata => new()
    {
        { """{"redirect_uris":["https://app.example.com/cb"],"token_endpoint_auth_method":"client_secret_basic"}""", "invalid_client_metadata", "no client secrets" },
        { """{"redirect_uris":["https://app.example.com/cb"],"token_endpoint_auth_method":"client_secret_post"}""", "invalid_client_metadata", "no client secrets" },
        { """{"redirect_uris":["https://app.example.com/cb"],"token_endpoint_auth_method":"client_secret_jwt"}""", "invalid_client_metadata", "no client secrets" },
        { """{"redirect_uris":["http://app.example.com/cb"]}""", "invalid_redirect_uri", "loopback" },
        { """{"redirect_uris":["https://app.example.com/cb#token"]}""", "invalid_redirect_uri", "fragment" },
        { """{"redirect_uris":["a:/1","https://a.example/2","https://a.example/3","https://a.example/4","https://a.example/5","https://a.example/6"]}""", "invalid_redirect_uri", "at most 5" },
        { """{"redirect_uris":["https://app.example.com/cb"],"grant_types":["authorization_code","urn:example:magic"]}""", "invalid_client_metadata", "urn:example:magic" },
        { """{"grant_types":["client_credentials"],"response_types":[]}""", "invalid_client_metadata", "only for agents" },
        { """{"redirect_uris":["https://app.example.com/cb"],"scope":"read:reports write:reports"}""", "invalid_client_metadata", "beyond what registered clients may ask for" },
        { """{"redirect_uris":["https://app.example.com/cb"],"token_endpoint_auth_method":"private_key_jwt","jwks_uri":"https://app.example.com/jwks"}""", "invalid_client_metadata", "inline in jwks" },
        { """{"redirect_uris":["https://app.example.com/cb"],"software_statement":"eyJhbGciOiJFUzI1NiJ9.e30.c2ln"}""", "invalid_software_statement", "not supported yet" },
        { """{"redirect_uris":["https://app.example.com/cb"],"token_endpoint_auth_method":"tls_client_auth"}""", "invalid_client_metadata", "only agents" },
        { """{"redirect_uris":["https://app.example.com/cb"]""", "invalid_client_metadata", "not valid JSON" },
        { """["https://app.example.com/cb"]""", "invalid_client_metadata", "JSON object" },
    };

    [Theory]
    [MemberData(nameof(RefusedMetadata))]
    public async Task Register_AnonymousWithRefusedMetadata_Rfc7591ErrorNamingTheFix(string json, string error, string fragment)
    {
        using var response = await RegistrationWire.PostAsync(fixture.Anonymous, Wire.Json(json));

        Assert.Contains(fragment, await RegistrationWire.AssertErrorAsync(response, error), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Register_OversizedBody_InvalidClientMetadataWithoutReadingItAll()
    {
        var metadata = RegistrationWire.PublicClient();
        metadata["padding"] = new string('x', 64 * 1024);

        using var response = await RegistrationWire.PostAsync(fixture.Anonymous, metadata);

        Assert.Contains("larger than 16384 bytes", await RegistrationWire.AssertErrorAsync(response, "invalid_client_metadata"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Register_FormInsteadOfJson_InvalidClientMetadata()
    {
        using var response = await RegistrationWire.PostAsync(fixture.Anonymous, OAuthWire.Form(("redirect_uris", RegistrationWire.Callback)));

        Assert.Contains("application/json", await RegistrationWire.AssertErrorAsync(response, "invalid_client_metadata"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Register_Refused_AuditedAsDenied()
    {
        var since = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(-1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
        var marker = $"https://app.example.com/{Guid.NewGuid():N}#fragment";
        using (var response = await RegistrationWire.PostAsync(fixture.Anonymous, RegistrationWire.PublicClient(marker)))
            await RegistrationWire.AssertErrorAsync(response, "invalid_redirect_uri");

        var records = await AuditAsync($"since={since}&limit=1000");

        var denied = Assert.Single(records, r => Member(r, "detail")?.Contains(marker.Split('#')[0], StringComparison.Ordinal) == true);
        Assert.Equal("oauth.client.register", denied.GetProperty("action").GetString());
        Assert.Equal("Denied", denied.GetProperty("decision").GetString());
        Assert.Equal("anonymous", denied.GetProperty("actor").GetString());
    }

    [Fact]
    public async Task Register_Allowed_AuditedWithTheNewClientId()
    {
        var since = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(-1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));

        var client = await RegistrationWire.RegisterAsync(fixture.Anonymous, RegistrationWire.PublicClient());

        var resource = $"oauth-client:{client.GetProperty("client_id").GetString()}";
        var record = Assert.Single(await AuditAsync($"since={since}&limit=1000"), r => Member(r, "resource") == resource);
        Assert.Equal("Allowed", record.GetProperty("decision").GetString());
        Assert.Equal("oauth.client.register", record.GetProperty("action").GetString());
    }

    // ---- the bearer JWT-SVID ----

    [Fact]
    public async Task Register_GarbageBearer_401InvalidTokenNotAnonymous()
    {
        using var response = await RegistrationWire.PostAsync(fixture.Anonymous, RegistrationWire.PublicClient(), bearer: "not-a-jwt");

        await RegistrationWire.AssertErrorAsync(response, "invalid_token", HttpStatusCode.Unauthorized);
        Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Register_BasicAuthorization_401InvalidToken()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, RegistrationWire.Path) { Content = Wire.Json(RegistrationWire.PublicClient()) };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.ASCII.GetBytes("client:secret")));

        using var response = await fixture.Anonymous.SendAsync(request);

        await RegistrationWire.AssertErrorAsync(response, "invalid_token", HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Register_ExpiredSvid_401InvalidToken()
    {
        var (id, _) = await AgentWithRegistrationSvidAsync();
        var now = DateTimeOffset.UtcNow;
        var expired = await OAuthWire.CraftSvidAsync(fixture, id, await RegistrationWire.RegistrationAudienceAsync(fixture.Anonymous), now.AddMinutes(-20), now.AddMinutes(-10));

        using var response = await RegistrationWire.PostAsync(fixture.Anonymous, Agent(RegistrationWire.Callback), expired);

        Assert.Contains("expired", await RegistrationWire.AssertErrorAsync(response, "invalid_token", HttpStatusCode.Unauthorized), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Register_SvidForAnotherAudience_401InvalidToken()
    {
        var policy = await OAuthWire.PutPolicyAsync(fixture.Operator);
        var (_, svids) = await OAuthWire.AgentAsync(fixture, policy, "dcr", audience: OAuthWire.OtherAudience);

        using var response = await RegistrationWire.PostAsync(fixture.Anonymous, Agent(RegistrationWire.Callback), svids[0]);

        Assert.Contains(OAuthWire.OtherAudience, await RegistrationWire.AssertErrorAsync(response, "invalid_token", HttpStatusCode.Unauthorized), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Register_SvidOfTerminatedAgent_401InvalidToken()
    {
        var (id, svid) = await AgentWithRegistrationSvidAsync();
        using (var terminate = await fixture.Operator.PostAsync($"/v1/agents/{Wire.Encode(id)}/terminate", null))
            Assert.Equal(HttpStatusCode.OK, terminate.StatusCode);

        using var response = await RegistrationWire.PostAsync(fixture.Anonymous, Agent(RegistrationWire.Callback), svid);

        Assert.Contains("terminated", await RegistrationWire.AssertErrorAsync(response, "invalid_token", HttpStatusCode.Unauthorized), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Register_AgentAskingForJwks_Refused()
    {
        var (_, svid) = await AgentWithRegistrationSvidAsync();
        using var key = new AgentKey();

        using var response = await RegistrationWire.PostAsync(fixture.Anonymous, RegistrationWire.PrivateKeyJwtClient(key, "k1"), svid);

        Assert.Contains("not accepted from an agent", await RegistrationWire.AssertErrorAsync(response, "invalid_client_metadata"), StringComparison.Ordinal);
    }

    // ---- the operator view ----

    [Fact]
    public async Task ShowClient_WithoutOperatorToken_401()
    {
        var client = await RegistrationWire.RegisterAsync(fixture.Anonymous, RegistrationWire.PublicClient());

        using var response = await fixture.Anonymous.GetAsync($"/v1/oauth/clients/{client.GetProperty("client_id").GetString()}");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task ShowClient_AsOperator_RegisteredMetadata()
    {
        var client = await RegistrationWire.RegisterAsync(fixture.Anonymous, RegistrationWire.PublicClient());
        var clientId = client.GetProperty("client_id").GetString()!;

        using var response = await fixture.Operator.GetAsync($"/v1/oauth/clients/{clientId}");

        var shown = await Wire.AssertJsonAsync(response, HttpStatusCode.OK);
        Assert.Equal(clientId, shown.GetProperty("client_id").GetString());
        Assert.False(shown.GetProperty("is_agent").GetBoolean());
        Assert.Equal([RegistrationWire.Callback], Strings(shown, "redirect_uris"));
    }

    [Fact]
    public async Task ShowClient_Unknown_404Problem()
    {
        using var response = await fixture.Operator.GetAsync("/v1/oauth/clients/never-registered");

        await Wire.AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    private static JsonObject Agent(params string[] redirectUris)
    {
        var metadata = RegistrationWire.PublicClient(redirectUris);
        metadata.Remove("token_endpoint_auth_method");
        return metadata;
    }

    /// <summary>An attested agent with a JWT-SVID whose aud is the registration endpoint.</summary>
    private async Task<(string Id, string Svid)> AgentWithRegistrationSvidAsync()
    {
        var policy = await OAuthWire.PutPolicyAsync(fixture.Operator);
        var (id, svids) = await OAuthWire.AgentAsync(fixture, policy, "dcr", audience: await RegistrationWire.RegistrationAudienceAsync(fixture.Anonymous));
        return (id, svids[0]);
    }

    /// <summary>Every audit record the query matches, page after page: the whole suite writes to the same log.</summary>
    private async Task<List<JsonElement>> AuditAsync(string query)
    {
        var records = new List<JsonElement>();
        for (string? after = null; ;)
        {
            using var response = await fixture.Operator.GetAsync($"/v1/audit?{query}" + (after is null ? string.Empty : $"&after={after}"));
            var page = await Wire.AssertJsonAsync(response, HttpStatusCode.OK);
            records.AddRange(page.GetProperty("records").EnumerateArray());
            if (!page.TryGetProperty("next", out var next) || next.ValueKind != JsonValueKind.Number)
                return records;
            after = next.GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    /// <summary>A string member of an audit record; members without a value are left out of the JSON.</summary>
    private static string? Member(JsonElement record, string name) => record.TryGetProperty(name, out var value) ? value.GetString() : null;

    private static string[] Strings(JsonElement json, string name) => [.. json.GetProperty(name).EnumerateArray().Select(e => e.GetString()!)];
}
