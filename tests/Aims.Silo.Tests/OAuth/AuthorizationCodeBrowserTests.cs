using System.Net;
using System.Text.Json;
using Aims.Testing;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Aims.Silo.Tests.OAuth;

/// <summary>
/// User delegation as a person does it: chromium signs in on the login page and answers the consent page of a real
/// silo; the agent receives the code on its loopback redirect URI and redeems it with PKCE and private_key_jwt.
/// </summary>
[Collection(UserDelegationSiloCollection.Name)]
public sealed class AuthorizationCodeBrowserTests(UserDelegationSiloFixture fixture, ITestOutputHelper output)
{
    [BrowserFact]
    public async Task AuthorizationCode_UserAllowsInBrowser_AgentRedeemsRefreshesAndReusedRefreshKillsTheFamily()
    {
        using var callback = new LoopbackCallback();
        using var agent = await DelegatingAgent.CreateAsync(fixture, callback.RedirectUri);
        var pkce = Pkce.Create();
        var state = Pkce.NewState();

        var response = await InBrowserAsync(agent.AuthorizeUrl(pkce, state), async page =>
        {
            // A wrong password first: the login page comes back with an error, and nothing reaches the agent.
            await SignInAsync(page, "wrong-" + fixture.Password);
            await Expect(page.Locator("#error")).ToBeVisibleAsync();
            Assert.False(callback.HasResponse, "a failed login sent an authorization response to the agent");

            await SignInAsync(page, fixture.Password);
            await Expect(page.Locator("form#consent")).ToBeVisibleAsync();
            await Expect(page.Locator("#client")).ToContainTextAsync(agent.Id);
            await Expect(page.Locator("#attestation")).ToContainTextAsync("join_token");
            await Expect(page.Locator("#user")).ToContainTextAsync(UserDelegationSiloFixture.UserId);
            Assert.Equal(UserDelegationSiloFixture.Scopes.Split(' ').Order(), (await ItemsAsync(page, "ul#scopes > li")).Order());
            Assert.Equal([UserDelegationSiloFixture.Resource], await ItemsAsync(page, "ul#resources > li"));

            await page.ClickAsync("button#allow");
            return await callback.ResponseAsync();
        });

        // RFC 6749 §4.1.2 and RFC 9207 §2: the code, our state, and the issuer that sent it.
        Assert.False(response.ContainsKey("error"), $"authorization response: {string.Join('&', response)}");
        Assert.Equal(state, response["state"]);
        Assert.Equal(fixture.Issuer, response["iss"]);
        var code = response["code"];
        Assert.False(string.IsNullOrEmpty(code));

        var first = ExpectTokens(await agent.RedeemAsync(code, pkce.Verifier), "authorization_code");
        AssertDelegatedAccessToken(first.GetProperty("access_token").GetString()!, agent.Id);
        var firstRefresh = first.GetProperty("refresh_token").GetString()!;

        var second = ExpectTokens(await agent.RefreshAsync(firstRefresh), "refresh_token");
        var secondRefresh = second.GetProperty("refresh_token").GetString()!;
        var secondAccess = second.GetProperty("access_token").GetString()!;
        Assert.NotEqual(firstRefresh, secondRefresh);
        AssertDelegatedAccessToken(secondAccess, agent.Id);

        // RFC 9700 §4.14.2: a rotated refresh token used again means it leaked; the whole family dies.
        ExpectInvalidGrant(await agent.RefreshAsync(firstRefresh), "reused refresh token");
        ExpectInvalidGrant(await agent.RefreshAsync(secondRefresh), "newest refresh token after reuse");
        using var op = fixture.Silo.CreateHttpClient(asOperator: true);
        var (status, introspection, text) = await OAuthSilo.PostFormAsync(op, "/oauth2/introspect", ("token", secondAccess));
        Assert.True(status == HttpStatusCode.OK, $"introspect: {(int)status} {text}");
        Assert.False(introspection.GetProperty("active").GetBoolean(), $"the family's newest access token is still active: {text}");
    }

    [BrowserFact]
    public async Task AuthorizationCode_UserDeniesInBrowser_AgentGetsAccessDeniedAndNoCode()
    {
        using var callback = new LoopbackCallback();
        using var agent = await DelegatingAgent.CreateAsync(fixture, callback.RedirectUri);
        var state = Pkce.NewState();

        var response = await InBrowserAsync(agent.AuthorizeUrl(Pkce.Create(), state), async page =>
        {
            await SignInAsync(page, fixture.Password);
            await Expect(page.Locator("form#consent")).ToBeVisibleAsync();
            await page.ClickAsync("button#deny");
            return await callback.ResponseAsync();
        });

        // RFC 6749 §4.1.2.1.
        Assert.Equal("access_denied", response.GetValueOrDefault("error"));
        Assert.Equal(state, response["state"]);
        Assert.Equal(fixture.Issuer, response["iss"]);
        Assert.False(response.ContainsKey("code"), "a denied request came back with a code");
    }

    /// <summary>Opens <paramref name="url"/> in a fresh headless chromium and runs <paramref name="steps"/>; on failure the page and the silo's log go to the test output.</summary>
    private async Task<T> InBrowserAsync<T>(string url, Func<IPage, Task<T>> steps)
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium.RequireExecutablePath(),
            Headless = true,
            Args = Chromium.LaunchArguments,
        });
        var page = await browser.NewPageAsync();
        try
        {
            var opened = await page.GotoAsync(url);
            Assert.True(opened is { Ok: true }, $"GET {url} answered {opened?.Status}: {(opened is null ? "" : await opened.TextAsync())}");
            return await steps(page);
        }
        catch
        {
            output.WriteLine($"page {page.Url}:\n{await ContentOrWhyNotAsync(page)}\n\n{fixture.Silo.Describe()}");
            throw;
        }
    }

    private static async Task<string> ContentOrWhyNotAsync(IPage page)
    {
        try
        {
            return await page.ContentAsync();
        }
        catch (PlaywrightException e)
        {
            return $"(no content: {e.Message})";
        }
    }

    private static async Task SignInAsync(IPage page, string password)
    {
        await Expect(page.Locator("form#login")).ToBeVisibleAsync();
        await page.FillAsync("#username", UserDelegationSiloFixture.UserId);
        await page.FillAsync("#password", password);
        await page.ClickAsync("button#sign-in");
    }

    private static async Task<string[]> ItemsAsync(IPage page, string selector) =>
        [.. (await page.Locator(selector).AllInnerTextsAsync()).Select(t => t.Trim())];

    private JsonElement ExpectTokens((HttpStatusCode Status, JsonElement Json, string Text) answer, string grant)
    {
        Assert.True(answer.Status == HttpStatusCode.OK, $"{grant}: {(int)answer.Status} {answer.Text}\n{fixture.Silo.Describe()}");
        Assert.Equal("bearer", answer.Json.GetProperty("token_type").GetString()!.ToLowerInvariant());
        Assert.False(string.IsNullOrEmpty(answer.Json.GetProperty("refresh_token").GetString()), $"{grant}: no refresh_token in {answer.Text}");
        return answer.Json;
    }

    private static void ExpectInvalidGrant((HttpStatusCode Status, JsonElement Json, string Text) answer, string what)
    {
        Assert.True(answer.Status == HttpStatusCode.BadRequest, $"{what}: {(int)answer.Status} {answer.Text}");
        Assert.Equal("invalid_grant", answer.Json.GetProperty("error").GetString());
    }

    /// <summary>RFC 9068 §2.2: the user is the subject, the agent the client, the reports API the audience.</summary>
    private static void AssertDelegatedAccessToken(string accessToken, string agentId)
    {
        var claims = JwtClaims(accessToken);
        Assert.Equal(UserDelegationSiloFixture.UserId, claims.GetProperty("sub").GetString());
        Assert.Equal(agentId, claims.GetProperty("client_id").GetString());
        var audience = claims.GetProperty("aud");
        Assert.Contains(UserDelegationSiloFixture.Resource, audience.ValueKind == JsonValueKind.Array
            ? audience.EnumerateArray().Select(a => a.GetString())
            : [audience.GetString()]);
    }

    private static JsonElement JwtClaims(string jwt)
    {
        var parts = jwt.Split('.');
        Assert.Equal(3, parts.Length);
        return SiloApi.Parse(System.Text.Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(parts[1])));
    }
}
