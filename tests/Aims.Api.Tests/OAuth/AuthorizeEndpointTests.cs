using System.Net;
using Aims.Api.Tests.Testing;
using static Aims.Api.Tests.OAuth.AuthorizationCodeWire;

namespace Aims.Api.Tests.OAuth;

/// <summary>GET /oauth2/authorize: the login page contract, and which errors are shown and which redirected (RFC 6749 §4.1.2.1).</summary>
[Collection(AimsApiCollection.Name)]
public sealed class AuthorizeEndpointTests(AimsApiFixture fixture)
{
    [Fact]
    public async Task Authorize_ValidRequest_LoginPageContract()
    {
        var client = await PublicClientAsync(fixture);
        using var browser = Browser(fixture);

        using var response = await browser.GetAsync(AuthorizeUrl(client.ClientId, NewPkce().Challenge));

        var page = await PageAsync(response, HttpStatusCode.OK);
        var form = ById(page, "login");
        Assert.Equal("form", form.Name.LocalName);
        Assert.Equal("post", (string?)form.Attribute("method"));
        Assert.Equal("/oauth2/authorize/login", (string?)form.Attribute("action"));
        var username = ById(page, "username");
        Assert.Equal("username", (string?)username.Attribute("name"));
        var password = ById(page, "password");
        Assert.Equal("password", (string?)password.Attribute("name"));
        Assert.Equal("password", (string?)password.Attribute("type"));
        var flow = form.Descendants("input").Single(i => (string?)i.Attribute("name") == "flow");
        Assert.Equal("hidden", (string?)flow.Attribute("type"));
        var signIn = ById(page, "sign-in");
        Assert.Equal("button", signIn.Name.LocalName);
        Assert.Equal("submit", (string?)signIn.Attribute("type"));
        Assert.Equal("Report Viewer", ById(page, "client").Value);
        Assert.DoesNotContain(page.Descendants(), e => (string?)e.Attribute("id") == "error");
    }

    [Theory]
    [InlineData("client-never-registered", RedirectUri)]
    [InlineData("", RedirectUri)]
    public async Task Authorize_UnknownOrMissingClient_ErrorPageNeverRedirect(string clientId, string redirectUri)
    {
        using var browser = Browser(fixture);

        using var response = await browser.GetAsync(AuthorizeUrl(clientId, NewPkce().Challenge, redirectUri: redirectUri));

        var page = await PageAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("alert", (string?)ById(page, "error").Attribute("role"));
        Assert.Contains("client_id", ById(page, "error").Value, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://evil.example.com/callback")]
    [InlineData("https://app.example.com/callback/")]
    [InlineData(null)]
    public async Task Authorize_RedirectUriNotRegistered_ErrorPageNeverRedirect(string? redirectUri)
    {
        var client = await PublicClientAsync(fixture);
        using var browser = Browser(fixture);

        using var response = await browser.GetAsync(AuthorizeUrl(client.ClientId, NewPkce().Challenge, redirectUri: redirectUri));

        var page = await PageAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("redirect_uri", ById(page, "error").Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Authorize_AgentClientWhoseAgentIsNotRegistered_ErrorPage()
    {
        var id = Wire.NewAgentId("ghost");
        await RegisterAsync(fixture, new Aims.Grains.OAuth.OAuthClientView(
            id, null, [RedirectUri], [], [], "private_key_jwt", null, null, true, DateTimeOffset.UtcNow));
        using var browser = Browser(fixture);

        using var response = await browser.GetAsync(AuthorizeUrl(id, NewPkce().Challenge));

        await PageAsync(response, HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData(null, "S256", "code_challenge is required")]
    [InlineData("challenge", null, "'plain'")]
    [InlineData("challenge", "plain", "use S256")]
    public async Task Authorize_PkceMissingOrPlain_RedirectsInvalidRequest(string? challenge, string? method, string hint)
    {
        var client = await PublicClientAsync(fixture);
        using var browser = Browser(fixture);

        using var response = await browser.GetAsync(AuthorizeUrl(client.ClientId, challenge is null ? null : NewPkce().Challenge, method: method));

        var parameters = RedirectParameters(response);
        Assert.Equal("invalid_request", parameters["error"]);
        Assert.Contains(hint, parameters["error_description"], StringComparison.Ordinal);
        Assert.Contains("RFC 7636", parameters["error_description"], StringComparison.Ordinal);
        Assert.Equal(State, parameters["state"]);
        Assert.Equal(await OAuthWire.IssuerAsync(fixture.Anonymous), parameters["iss"]);
    }

    [Fact]
    public async Task Authorize_ResponseTypeToken_RedirectsUnsupportedResponseType()
    {
        var client = await PublicClientAsync(fixture);
        using var browser = Browser(fixture);

        using var response = await browser.GetAsync(AuthorizeUrl(client.ClientId, NewPkce().Challenge, responseType: "token"));

        Assert.Equal("unsupported_response_type", RedirectParameters(response)["error"]);
    }

    [Fact]
    public async Task Authorize_NoResource_RedirectsInvalidTarget()
    {
        var client = await PublicClientAsync(fixture);
        using var browser = Browser(fixture);

        using var response = await browser.GetAsync(AuthorizeUrl(client.ClientId, NewPkce().Challenge, resource: null));

        Assert.Equal("invalid_target", RedirectParameters(response)["error"]);
    }

    [Fact]
    public async Task Pages_HostileClientNameAndScope_RenderedAsText()
    {
        const string hostileName = "<script>alert('name')</script>&amp;\"Evil\"";
        const string hostileScope = "<img_src=x_onerror=alert(1)>";
        var client = await PublicClientAsync(fixture, name: hostileName);
        using var browser = Browser(fixture);

        using var start = await browser.GetAsync(AuthorizeUrl(client.ClientId, NewPkce().Challenge, scope: "read:reports " + hostileScope));
        var loginHtml = await start.Content.ReadAsStringAsync();
        var login = await PageAsync(start, HttpStatusCode.OK);
        Assert.Equal(hostileName, ById(login, "client").Value);
        Assert.DoesNotContain("<script", loginHtml, StringComparison.OrdinalIgnoreCase);

        using var signedIn = await LoginAsync(browser, FlowId(login), AimsApiFixture.Alice, AimsApiFixture.UserPassword);
        var consentHtml = await signedIn.Content.ReadAsStringAsync();
        var consent = await PageAsync(signedIn, HttpStatusCode.OK);
        Assert.Equal(hostileName, ById(consent, "client").Value);
        Assert.Equal(["<img_src=x_onerror=alert(1)>", "read:reports"], ById(consent, "scopes").Elements("li").Select(li => li.Value));
        Assert.Empty(consent.Descendants("img"));
        Assert.DoesNotContain("<script", consentHtml, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", consentHtml, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("registered client, no workload attestation", ById(consent, "attestation").Value);
    }
}
