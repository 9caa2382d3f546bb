using System.Net;
using Aims.Api.Tests.Testing;
using static Aims.Api.Tests.OAuth.AuthorizationCodeWire;

namespace Aims.Api.Tests.OAuth;

/// <summary>The login and consent pages: wrong credentials, locking, the browser-binding cookie (CSRF), deny, and policy on the user.</summary>
[Collection(AimsApiCollection.Name)]
public sealed class LoginConsentTests(AimsApiFixture fixture)
{
    private const string WrongCredentials = "The user name or password is wrong.";

    [Theory]
    [InlineData(AimsApiFixture.Alice, "not the password")]
    [InlineData("nobody", AimsApiFixture.UserPassword)]
    public async Task Login_WrongPasswordOrUnknownUser_LoginPageWithTheSameAlert(string user, string password)
    {
        var client = await PublicClientAsync(fixture);
        using var browser = Browser(fixture);
        var flow = await StartAsync(browser, AuthorizeUrl(client.ClientId, NewPkce().Challenge));

        using var response = await LoginAsync(browser, flow, user, password);

        var page = await PageAsync(response, HttpStatusCode.OK);
        var error = ById(page, "error");
        Assert.Equal("alert", (string?)error.Attribute("role"));
        Assert.Equal(WrongCredentials, error.Value);
        Assert.Equal(flow, FlowId(page));
        ById(page, "login");
    }

    [Fact]
    public async Task Login_SixthAttemptAfterFiveFailures_LockedEvenWithTheRightPassword()
    {
        var client = await PublicClientAsync(fixture);
        using var browser = Browser(fixture);
        var flow = await StartAsync(browser, AuthorizeUrl(client.ClientId, NewPkce().Challenge));
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            using var failed = await LoginAsync(browser, flow, AimsApiFixture.Alice, $"wrong-{attempt}");
            Assert.Equal(WrongCredentials, ById(await PageAsync(failed, HttpStatusCode.OK), "error").Value);
        }

        using var sixth = await LoginAsync(browser, flow, AimsApiFixture.Alice, AimsApiFixture.UserPassword);

        var page = await PageAsync(sixth, HttpStatusCode.Forbidden);
        Assert.Contains("locked", ById(page, "error").Value, StringComparison.Ordinal);
        Assert.Empty(page.Descendants("form"));
        using var consent = await ConsentAsync(browser, flow, "allow");
        await PageAsync(consent, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Login_PostedWithoutTheBindingCookie_RefusedAndTheRealBrowserCarriesOn()
    {
        var client = await PublicClientAsync(fixture);
        using var browser = Browser(fixture);
        var flow = await StartAsync(browser, AuthorizeUrl(client.ClientId, NewPkce().Challenge));
        using var attacker = Browser(fixture);

        using var forged = await LoginAsync(attacker, flow, AimsApiFixture.Alice, AimsApiFixture.UserPassword);

        var page = await PageAsync(forged, HttpStatusCode.BadRequest);
        Assert.Contains("cookie", ById(page, "error").Value, StringComparison.Ordinal);
        using var genuine = await LoginAsync(browser, flow, AimsApiFixture.Alice, AimsApiFixture.UserPassword);
        ById(await PageAsync(genuine, HttpStatusCode.OK), "consent");
    }

    [Fact]
    public async Task Consent_PostedWithoutTheBindingCookie_RefusedNoRedirect()
    {
        var client = await PublicClientAsync(fixture);
        using var browser = Browser(fixture);
        var flow = await StartAsync(browser, AuthorizeUrl(client.ClientId, NewPkce().Challenge));
        using (var login = await LoginAsync(browser, flow, AimsApiFixture.Alice, AimsApiFixture.UserPassword))
            await PageAsync(login, HttpStatusCode.OK);
        using var attacker = Browser(fixture);

        using var forged = await ConsentAsync(attacker, flow, "allow");

        await PageAsync(forged, HttpStatusCode.BadRequest);
        using var genuine = await ConsentAsync(browser, flow, "allow");
        Assert.True(RedirectParameters(genuine).ContainsKey("code"));
    }

    [Fact]
    public async Task Consent_Deny_RedirectsAccessDeniedWithStateAndIssuer()
    {
        var client = await AgentClientAsync(fixture);
        using var browser = Browser(fixture);
        var flow = await StartAsync(browser, AuthorizeUrl(client.ClientId, NewPkce().Challenge));
        using (var login = await LoginAsync(browser, flow, AimsApiFixture.Alice, AimsApiFixture.UserPassword))
            await PageAsync(login, HttpStatusCode.OK);

        using var denied = await ConsentAsync(browser, flow, "deny");

        var parameters = RedirectParameters(denied);
        Assert.Equal("access_denied", parameters["error"]);
        Assert.Equal(State, parameters["state"]);
        Assert.Equal(await OAuthWire.IssuerAsync(fixture.Anonymous), parameters["iss"]);
        Assert.False(parameters.ContainsKey("code"));
        using var again = await ConsentAsync(browser, flow, "allow");
        await PageAsync(again, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Consent_UserThePolicyDoesNotLetDelegate_AccessDeniedNamingTheRule()
    {
        var client = await AgentClientAsync(fixture);
        using var browser = Browser(fixture);
        var flow = await StartAsync(browser, AuthorizeUrl(client.ClientId, NewPkce().Challenge));
        using (var login = await LoginAsync(browser, flow, AimsApiFixture.Bob, AimsApiFixture.UserPassword))
            Assert.Equal(AimsApiFixture.Bob, ById(await PageAsync(login, HttpStatusCode.OK), "user").Value);

        using var allowed = await ConsentAsync(browser, flow, "allow");

        var parameters = RedirectParameters(allowed);
        Assert.Equal("access_denied", parameters["error"]);
        Assert.Contains("user 'bob' may not delegate under rule 0", parameters["error_description"], StringComparison.Ordinal);
        Assert.Contains("group:analysts", parameters["error_description"], StringComparison.Ordinal);
        Assert.Equal(State, parameters["state"]);
    }

    [Fact]
    public async Task Consent_UnknownDecision_ErrorPage()
    {
        var client = await PublicClientAsync(fixture);
        using var browser = Browser(fixture);
        var flow = await StartAsync(browser, AuthorizeUrl(client.ClientId, NewPkce().Challenge));
        using (var login = await LoginAsync(browser, flow, AimsApiFixture.Alice, AimsApiFixture.UserPassword))
            await PageAsync(login, HttpStatusCode.OK);

        using var response = await ConsentAsync(browser, flow, "maybe");

        await PageAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Login_UnknownFlow_ErrorPage()
    {
        using var browser = Browser(fixture);

        using var response = await LoginAsync(browser, "AAAAAAAAAAAAAAAAAAAAAA", AimsApiFixture.Alice, AimsApiFixture.UserPassword);

        await PageAsync(response, HttpStatusCode.BadRequest);
    }
}
