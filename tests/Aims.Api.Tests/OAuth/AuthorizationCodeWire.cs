using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml;
using System.Xml.Linq;
using Aims.Api.Tests.Testing;
using Aims.Grains;
using Aims.Grains.OAuth;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Aims.Api.Tests.OAuth;

/// <summary>
/// The authorization code flow as a browser and a client see it: the pages (parsed as the well-formed markup they
/// are), the 303 back to the client, and the token endpoint. Clients register through the OAuth client grain, as
/// <c>POST /oauth2/register</c> will.
/// </summary>
internal static class AuthorizationCodeWire
{
    public const string RedirectUri = "https://app.example.com/callback";
    public const string Resource = OAuthWire.Resource;
    public const string State = "state-1";

    /// <summary>A browser: keeps cookies, does not follow redirects (the 303 goes to the client, not to this server).</summary>
    public static HttpClient Browser(AimsApiFixture fixture) =>
        fixture.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>A fresh RFC 7636 §4.1 verifier (32 random octets, base64url) and its S256 challenge.</summary>
    public static (string Verifier, string Challenge) NewPkce()
    {
        var verifier = AgentKey.Base64Url(RandomNumberGenerator.GetBytes(32));
        return (verifier, AgentKey.Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
    }

    /// <summary>
    /// An agent under a policy that lets members of group "analysts" (so alice, not bob) delegate read:reports and
    /// write:reports at <see cref="Resource"/>, attested, and registered as an OAuth client with <see cref="RedirectUri"/>.
    /// </summary>
    public static async Task<TestClient> AgentClientAsync(AimsApiFixture fixture, string users = "group:analysts")
    {
        var name = $"deleg-{Guid.NewGuid():N}"[..20];
        var rule = new JsonObject
        {
            ["match"] = "spiffe://aims.local/**",
            ["attestation"] = new JsonObject { ["allowed"] = new JsonArray("join_token") },
            ["audiences"] = new JsonArray("*"),
            ["oauth"] = new JsonObject
            {
                ["scopes"] = new JsonArray("read:reports", "write:reports"),
                ["resources"] = new JsonArray(Resource),
                ["access_token_ttl_seconds"] = 600,
                ["refresh_token_ttl_seconds"] = 3600,
                ["users"] = new JsonArray(users),
            },
        };
        using (var put = await fixture.Operator.PutAsync($"/v1/policies/{name}", Wire.Json(new JsonObject { ["rules"] = new JsonArray(rule) })))
            Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());

        var (id, _) = await OAuthWire.AgentAsync(fixture, name, "delegate", audience: OAuthWire.OtherAudience);
        await RegisterAsync(fixture, new OAuthClientView(
            id, null, [RedirectUri], ["authorization_code", "refresh_token"], ["code"], "private_key_jwt", null, null, true, DateTimeOffset.UtcNow));
        return new TestClient(id, IsAgent: true);
    }

    /// <summary>A public client (token_endpoint_auth_method "none") with <see cref="RedirectUri"/>.</summary>
    public static async Task<TestClient> PublicClientAsync(AimsApiFixture fixture, string? name = "Report Viewer", string? scope = null)
    {
        var id = $"client-{Guid.NewGuid():N}";
        await RegisterAsync(fixture, new OAuthClientView(
            id, name, [RedirectUri], ["authorization_code", "refresh_token"], ["code"], "none", scope, null, false, DateTimeOffset.UtcNow));
        return new TestClient(id, IsAgent: false);
    }

    public static Task<OAuthClientView> RegisterAsync(AimsApiFixture fixture, OAuthClientView registration) =>
        fixture.Services.GetRequiredService<IGrainFactory>().GetGrain<IOAuthClientGrain>(GrainKeys.OAuthClient(registration.ClientId)).RegisterAsync(registration);

    /// <summary>An authorization request URL; a null value leaves the parameter out.</summary>
    public static string AuthorizeUrl(
        string clientId, string? challenge, string? method = "S256", string? scope = "read:reports", string? redirectUri = RedirectUri,
        string? state = State, string? resource = Resource, string? responseType = "code")
    {
        var parameters = new (string Name, string? Value)[]
        {
            ("response_type", responseType), ("client_id", clientId), ("redirect_uri", redirectUri), ("scope", scope),
            ("state", state), ("code_challenge", challenge), ("code_challenge_method", method), ("resource", resource),
        };
        return "/oauth2/authorize?" + string.Join('&', parameters.Where(p => p.Value is not null).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}"));
    }

    /// <summary>GET /oauth2/authorize expecting the login page; returns its flow id.</summary>
    public static async Task<string> StartAsync(HttpClient browser, string url)
    {
        using var response = await browser.GetAsync(url);
        var page = await PageAsync(response, HttpStatusCode.OK);
        return FlowId(page);
    }

    public static Task<HttpResponseMessage> LoginAsync(HttpClient browser, string flow, string user, string password) =>
        browser.PostAsync("/oauth2/authorize/login", OAuthWire.Form(("flow", flow), ("username", user), ("password", password)));

    public static Task<HttpResponseMessage> ConsentAsync(HttpClient browser, string flow, string decision) =>
        browser.PostAsync("/oauth2/authorize/consent", OAuthWire.Form(("flow", flow), ("decision", decision)));

    /// <summary>Authorize, sign in, allow: the parameters of the 303 back to the client.</summary>
    public static async Task<Dictionary<string, string>> AuthorizeAsync(
        AimsApiFixture fixture, TestClient client, string challenge, string user = AimsApiFixture.Alice, string scope = "read:reports")
    {
        using var browser = Browser(fixture);
        var flow = await StartAsync(browser, AuthorizeUrl(client.ClientId, challenge, scope: scope));
        using (var login = await LoginAsync(browser, flow, user, AimsApiFixture.UserPassword))
            await PageAsync(login, HttpStatusCode.OK);
        using var consent = await ConsentAsync(browser, flow, "allow");
        return RedirectParameters(consent);
    }

    /// <summary>The code the client receives after alice allows.</summary>
    public static async Task<string> CodeAsync(AimsApiFixture fixture, TestClient client, string challenge, string scope = "read:reports")
    {
        var parameters = await AuthorizeAsync(fixture, client, challenge, scope: scope);
        Assert.True(parameters.ContainsKey("code"), string.Join("&", parameters.Select(p => $"{p.Key}={p.Value}")));
        return parameters["code"];
    }

    /// <summary>Asserts the 303 goes to the registered redirect URI and returns its query parameters.</summary>
    public static Dictionary<string, string> RedirectParameters(HttpResponseMessage response, string redirectUri = RedirectUri)
    {
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var location = response.Headers.Location!.OriginalString;
        Assert.StartsWith(redirectUri + "?", location, StringComparison.Ordinal);
        return location[(redirectUri.Length + 1)..].Split('&')
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => Uri.UnescapeDataString(pair[1]), StringComparer.Ordinal);
    }

    /// <summary>A token request: the grant's fields plus the client's authentication (a fresh JWT-SVID for an agent, client_id for a public client).</summary>
    public static async Task<HttpResponseMessage> TokenAsync(AimsApiFixture fixture, TestClient client, params (string Name, string? Value)[] fields)
    {
        (string, string?)[] authentication = client.IsAgent
            ? [("client_assertion_type", OAuthWire.JwtBearerAssertionType), ("client_assertion", await OAuthWire.SvidForTokenEndpointAsync(fixture, client.ClientId))]
            : [("client_id", client.ClientId)];
        return await fixture.Anonymous.PostAsync("/oauth2/token", OAuthWire.Form([.. fields, .. authentication]));
    }

    public static Task<HttpResponseMessage> RedeemAsync(AimsApiFixture fixture, TestClient client, string code, string verifier, string redirectUri = RedirectUri) =>
        TokenAsync(fixture, client, ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", redirectUri), ("code_verifier", verifier));

    public static Task<HttpResponseMessage> RefreshAsync(AimsApiFixture fixture, TestClient client, string refreshToken, string? scope = null) =>
        TokenAsync(fixture, client, ("grant_type", "refresh_token"), ("refresh_token", refreshToken), ("scope", scope));

    /// <summary>A successful token response: access_token, refresh_token, expires_in, scope, no-store.</summary>
    public static async Task<(string AccessToken, string RefreshToken, JsonElement Body)> AssertTokensAsync(HttpResponseMessage response)
    {
        var body = await Wire.AssertJsonAsync(response, HttpStatusCode.OK);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Equal("Bearer", body.GetProperty("token_type").GetString());
        Assert.InRange(body.GetProperty("expires_in").GetInt64(), 1, 600);
        return (body.GetProperty("access_token").GetString()!, body.GetProperty("refresh_token").GetString()!, body);
    }

    public static async Task<JsonElement> IntrospectAsync(AimsApiFixture fixture, string token)
    {
        using var response = await fixture.Anonymous.SendAsync(OAuthWire.OperatorForm("/oauth2/introspect", fixture.OperatorToken, ("token", token)));
        return await Wire.AssertJsonAsync(response, HttpStatusCode.OK);
    }

    /// <summary>Asserts an HTML page with the security headers of every authorization page and parses it.</summary>
    public static async Task<XDocument> PageAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Null(response.Headers.Location);
        var csp = string.Join(' ', response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("style-src 'unsafe-inline'", csp, StringComparison.Ordinal);
        Assert.Contains("form-action 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("script-src", csp, StringComparison.Ordinal);
        Assert.Equal("DENY", string.Join(' ', response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        return Html(text);
    }

    public static XDocument Html(string text)
    {
        using var reader = XmlReader.Create(new StringReader(text), new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore });
        var page = XDocument.Load(reader);
        Assert.Empty(page.Descendants("script"));
        return page;
    }

    public static XElement ById(XDocument page, string id) =>
        page.Descendants().SingleOrDefault(e => (string?)e.Attribute("id") == id)
        ?? throw new Xunit.Sdk.XunitException($"no element #{id} in {page}");

    public static string FlowId(XDocument page) =>
        (string)page.Descendants("input").Single(e => (string?)e.Attribute("name") == "flow").Attribute("value")!;
}

/// <summary>A registered client of the tests: an agent (authenticates with JWT-SVIDs) or a public client (client_id only).</summary>
internal sealed record TestClient(string ClientId, bool IsAgent);
