using System.Net;
using Aims.Api.Tests.Testing;
using static Aims.Api.Tests.OAuth.AuthorizationCodeWire;

namespace Aims.Api.Tests.OAuth;

/// <summary>The whole authorization code flow through the real pipeline: authorize → login → consent → code → token → refresh → refresh.</summary>
[Collection(AimsApiCollection.Name)]
public sealed class AuthorizationCodeFlowTests(AimsApiFixture fixture)
{
    [Fact]
    public async Task Flow_AgentClient_PagesCodeTokensAndTwoRotations()
    {
        var client = await AgentClientAsync(fixture);
        var (verifier, challenge) = NewPkce();
        using var browser = Browser(fixture);

        // Login page, with the browser-binding cookie.
        using var start = await browser.GetAsync(AuthorizeUrl(client.ClientId, challenge, scope: "read:reports write:reports"));
        var login = await PageAsync(start, HttpStatusCode.OK);
        var cookie = Assert.Single(start.Headers.GetValues("Set-Cookie"));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/oauth2/authorize", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(client.ClientId, ById(login, "client").Value);
        var flow = FlowId(login);

        // Consent page: who asks (with its attestation), for whom, for what.
        using var signedIn = await LoginAsync(browser, flow, AimsApiFixture.Alice, AimsApiFixture.UserPassword);
        var consent = await PageAsync(signedIn, HttpStatusCode.OK);
        Assert.Equal(client.ClientId, ById(consent, "client").Value);
        Assert.Equal(AimsApiFixture.Alice, ById(consent, "user").Value);
        var attestation = ById(consent, "attestation").Value;
        Assert.Contains("Active", attestation, StringComparison.Ordinal);
        Assert.Contains("attested by join_token", attestation, StringComparison.Ordinal);
        Assert.Equal(["read:reports", "write:reports"], ById(consent, "scopes").Elements("li").Select(li => li.Value));
        Assert.Equal([Resource], ById(consent, "resources").Elements("li").Select(li => li.Value));
        Assert.Contains("https://app.example.com", string.Join(' ', signedIn.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);

        // Allow: 303 to the client with code, state and iss (RFC 9207).
        using var allowed = await ConsentAsync(browser, flow, "allow");
        var response = RedirectParameters(allowed);
        Assert.Equal(State, response["state"]);
        Assert.Equal(await OAuthWire.IssuerAsync(fixture.Anonymous), response["iss"]);
        Assert.StartsWith("aims_ac_", response["code"], StringComparison.Ordinal);

        // Code → access token for alice, issued to the agent, for the resource; plus a refresh token.
        using var redeemed = await RedeemAsync(fixture, client, response["code"], verifier);
        var (access, refresh, body) = await AssertTokensAsync(redeemed);
        Assert.Equal("read:reports write:reports", body.GetProperty("scope").GetString());
        var claims = Wire.JwtPayload(access);
        Assert.Equal(AimsApiFixture.Alice, claims.GetProperty("sub").GetString());
        Assert.Equal(client.ClientId, claims.GetProperty("client_id").GetString());
        Assert.Equal(Resource, claims.GetProperty("aud").GetString());

        // Refresh rotates; a second refresh may narrow the scope.
        using var first = await RefreshAsync(fixture, client, refresh);
        var (access2, refresh2, _) = await AssertTokensAsync(first);
        Assert.NotEqual(refresh, refresh2);
        Assert.NotEqual(access, access2);
        using var second = await RefreshAsync(fixture, client, refresh2, scope: "read:reports");
        var (access3, refresh3, body3) = await AssertTokensAsync(second);
        Assert.Equal("read:reports", body3.GetProperty("scope").GetString());
        Assert.Equal("read:reports", Wire.JwtPayload(access3).GetProperty("scope").GetString());

        // Only the newest refresh token is active; it answers from its session.
        var current = await IntrospectAsync(fixture, refresh3);
        Assert.True(current.GetProperty("active").GetBoolean());
        Assert.Equal(AimsApiFixture.Alice, current.GetProperty("sub").GetString());
        Assert.Equal(client.ClientId, current.GetProperty("client_id").GetString());
        Assert.Equal("read:reports write:reports", current.GetProperty("scope").GetString());
        Assert.False((await IntrospectAsync(fixture, refresh2)).GetProperty("active").GetBoolean());
        Assert.True((await IntrospectAsync(fixture, access3)).GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task Sessions_AgentWithAnEstablishedSession_ListedForOperatorsUntilRevoked()
    {
        var client = await AgentClientAsync(fixture);
        var (verifier, challenge) = NewPkce();
        using var redeemed = await RedeemAsync(fixture, client, await CodeAsync(fixture, client, challenge), verifier);
        var (access, refresh, _) = await AssertTokensAsync(redeemed);

        using var listed = await fixture.Operator.GetAsync($"/v1/agents/{Wire.Encode(client.ClientId)}/sessions");
        var session = Assert.Single((await Wire.AssertJsonAsync(listed, HttpStatusCode.OK)).GetProperty("sessions").EnumerateArray());
        Assert.Equal("established", session.GetProperty("state").GetString());
        Assert.Equal(AimsApiFixture.Alice, session.GetProperty("user").GetString());
        Assert.Equal("read:reports", session.GetProperty("scope").GetString());
        Assert.Equal(22, session.GetProperty("session_id").GetString()!.Length);
        using (var anonymous = await fixture.Anonymous.GetAsync($"/v1/agents/{Wire.Encode(client.ClientId)}/sessions"))
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        // RFC 7009: revoking the refresh token ends the session and revokes its access tokens.
        using (var revoke = await fixture.Anonymous.SendAsync(OAuthWire.OperatorForm("/oauth2/revoke", fixture.OperatorToken, ("token", refresh))))
            Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);

        Assert.False((await IntrospectAsync(fixture, refresh)).GetProperty("active").GetBoolean());
        Assert.False((await IntrospectAsync(fixture, access)).GetProperty("active").GetBoolean());
        using var after = await fixture.Operator.GetAsync($"/v1/agents/{Wire.Encode(client.ClientId)}/sessions");
        Assert.Empty((await Wire.AssertJsonAsync(after, HttpStatusCode.OK)).GetProperty("sessions").EnumerateArray());
        using var refreshed = await RefreshAsync(fixture, client, refresh);
        await OAuthWire.AssertErrorAsync(refreshed, "invalid_grant");
    }

    [Fact]
    public async Task Flow_PublicClient_ClientIdOnlyCodeRefreshAndSelfRevocation()
    {
        var client = await PublicClientAsync(fixture);
        var (verifier, challenge) = NewPkce();
        var code = await CodeAsync(fixture, client, challenge);

        using var redeemed = await RedeemAsync(fixture, client, code, verifier);
        var (access, refresh, body) = await AssertTokensAsync(redeemed);
        Assert.Equal(AimsApiFixture.RegistrationScope, body.GetProperty("scope").GetString());
        var claims = Wire.JwtPayload(access);
        Assert.Equal(AimsApiFixture.Alice, claims.GetProperty("sub").GetString());
        Assert.Equal(client.ClientId, claims.GetProperty("client_id").GetString());
        Assert.True((await IntrospectAsync(fixture, access)).GetProperty("active").GetBoolean());

        using var refreshed = await RefreshAsync(fixture, client, refresh);
        var (access2, refresh2, _) = await AssertTokensAsync(refreshed);

        // A public client may revoke its own refresh token with its client_id (RFC 7009 §5).
        using (var revoke = await fixture.Anonymous.PostAsync("/oauth2/revoke", OAuthWire.Form(("token", refresh2), ("client_id", client.ClientId))))
            Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        Assert.False((await IntrospectAsync(fixture, access2)).GetProperty("active").GetBoolean());
        Assert.False((await IntrospectAsync(fixture, refresh2)).GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task Flow_PublicClientAskingBeyondRegistrationLimits_InvalidScopeRedirect()
    {
        var client = await PublicClientAsync(fixture);
        var (_, challenge) = NewPkce();

        var response = await AuthorizeAsync(fixture, client, challenge, scope: "write:reports");

        Assert.Equal("invalid_scope", response["error"]);
        Assert.Equal(State, response["state"]);
    }
}
