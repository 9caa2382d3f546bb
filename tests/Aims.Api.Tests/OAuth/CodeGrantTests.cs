using System.Net;
using Aims.Api.Tests.Testing;
using Aims.Core.Sessions;
using Aims.Grains;
using Aims.Grains.Sessions;
using Microsoft.Extensions.DependencyInjection;
using static Aims.Api.Tests.OAuth.AuthorizationCodeWire;

namespace Aims.Api.Tests.OAuth;

/// <summary>The token endpoint's authorization_code and refresh_token grants when something is wrong (RFC 6749 §4.1.3, §6; RFC 7636 §4.6).</summary>
[Collection(AimsApiCollection.Name)]
public sealed class CodeGrantTests(AimsApiFixture fixture)
{
    [Fact]
    public async Task Token_WrongVerifier_InvalidGrantAndTheCodeStillWorksWithTheRightOne()
    {
        var client = await PublicClientAsync(fixture);
        var (verifier, challenge) = NewPkce();
        var code = await CodeAsync(fixture, client, challenge);

        using var wrong = await RedeemAsync(fixture, client, code, NewPkce().Verifier);

        Assert.Contains("code_verifier", await OAuthWire.AssertErrorAsync(wrong, "invalid_grant"), StringComparison.Ordinal);
        using var right = await RedeemAsync(fixture, client, code, verifier);
        await AssertTokensAsync(right);
    }

    [Fact]
    public async Task Token_RedirectUriDiffersFromTheAuthorizationRequest_InvalidGrant()
    {
        var client = await PublicClientAsync(fixture);
        var (verifier, challenge) = NewPkce();
        var code = await CodeAsync(fixture, client, challenge);

        using var response = await RedeemAsync(fixture, client, code, verifier, redirectUri: "https://app.example.com/other");

        Assert.Contains("redirect_uri", await OAuthWire.AssertErrorAsync(response, "invalid_grant"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("code_verifier")]
    [InlineData("redirect_uri")]
    [InlineData("code")]
    public async Task Token_RequiredParameterMissing_InvalidRequest(string missing)
    {
        var client = await PublicClientAsync(fixture);
        var (verifier, challenge) = NewPkce();
        var code = await CodeAsync(fixture, client, challenge);
        (string, string?)[] fields = [("grant_type", "authorization_code"), ("code", code), ("redirect_uri", RedirectUri), ("code_verifier", verifier)];

        using var response = await TokenAsync(fixture, client, [.. fields.Where(f => f.Item1 != missing)]);

        await OAuthWire.AssertErrorAsync(response, "invalid_request");
    }

    [Fact]
    public async Task Token_CodeUsedTwice_InvalidGrantAndEverythingTheFirstUseIssuedIsRevoked()
    {
        var client = await AgentClientAsync(fixture);
        var (verifier, challenge) = NewPkce();
        var code = await CodeAsync(fixture, client, challenge);
        using var first = await RedeemAsync(fixture, client, code, verifier);
        var (access, refresh, _) = await AssertTokensAsync(first);
        Assert.True((await IntrospectAsync(fixture, access)).GetProperty("active").GetBoolean());

        using var second = await RedeemAsync(fixture, client, code, verifier);

        Assert.Contains("already used", await OAuthWire.AssertErrorAsync(second, "invalid_grant"), StringComparison.Ordinal);
        var introspection = await IntrospectAsync(fixture, access);
        Assert.False(introspection.GetProperty("active").GetBoolean());
        Assert.Single(introspection.EnumerateObject());
        using var refreshed = await RefreshAsync(fixture, client, refresh);
        await OAuthWire.AssertErrorAsync(refreshed, "invalid_grant");
        await AssertAuditedAsync(client.ClientId, "session.code.reuse");
    }

    [Fact]
    public async Task Token_ExpiredCode_InvalidGrant()
    {
        // A session whose consent was two minutes ago: its 60-second code can only be expired.
        var client = await PublicClientAsync(fixture);
        var (verifier, challenge) = NewPkce();
        var sessionId = OpaqueSecrets.NewId();
        var code = SessionCredential.Issue(SessionCredentialKind.AuthorizationCode, sessionId);
        var consentedAt = DateTimeOffset.UtcNow.AddMinutes(-2);
        await fixture.Services.GetRequiredService<IGrainFactory>().GetGrain<ISessionGrain>(GrainKeys.Session(sessionId)).CreateAsync(new SessionCreation(
            client.ClientId, false, RedirectUri, challenge, code.Hash, AimsApiFixture.Alice, ["read:reports"], [Resource], consentedAt, consentedAt.AddHours(1), "test"));

        using var response = await RedeemAsync(fixture, client, code.Value, verifier);

        Assert.Contains("expired", await OAuthWire.AssertErrorAsync(response, "invalid_grant"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_CodeRedeemedByAnotherClient_InvalidGrant()
    {
        var client = await PublicClientAsync(fixture);
        var other = await PublicClientAsync(fixture);
        var (verifier, challenge) = NewPkce();
        var code = await CodeAsync(fixture, client, challenge);

        using var stolen = await RedeemAsync(fixture, other, code, verifier);

        Assert.Contains("another client", await OAuthWire.AssertErrorAsync(stolen, "invalid_grant"), StringComparison.Ordinal);
        using var genuine = await RedeemAsync(fixture, client, code, verifier);
        await AssertTokensAsync(genuine);
    }

    [Theory]
    [InlineData("aims_ac_AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("not-a-code")]
    public async Task Token_CodeThisServerNeverIssued_InvalidGrant(string code)
    {
        var client = await PublicClientAsync(fixture);

        using var response = await RedeemAsync(fixture, client, code, NewPkce().Verifier);

        await OAuthWire.AssertErrorAsync(response, "invalid_grant");
    }

    [Fact]
    public async Task Token_UnregisteredClientId_InvalidClient()
    {
        using var response = await TokenAsync(fixture, new TestClient("never-registered", IsAgent: false),
            ("grant_type", "authorization_code"), ("code", "x"), ("redirect_uri", RedirectUri), ("code_verifier", NewPkce().Verifier));

        await OAuthWire.AssertErrorAsync(response, "invalid_client");
    }

    [Fact]
    public async Task Refresh_RotatedOutTokenReplayed_RevokesTheWholeFamily()
    {
        var client = await AgentClientAsync(fixture);
        var (verifier, challenge) = NewPkce();
        using var redeemed = await RedeemAsync(fixture, client, await CodeAsync(fixture, client, challenge), verifier);
        var (access1, refresh1, _) = await AssertTokensAsync(redeemed);
        using var rotated = await RefreshAsync(fixture, client, refresh1);
        var (access2, refresh2, _) = await AssertTokensAsync(rotated);

        using var replay = await RefreshAsync(fixture, client, refresh1);

        Assert.Contains("revoked", await OAuthWire.AssertErrorAsync(replay, "invalid_grant"), StringComparison.Ordinal);
        using var newest = await RefreshAsync(fixture, client, refresh2);
        await OAuthWire.AssertErrorAsync(newest, "invalid_grant");
        Assert.False((await IntrospectAsync(fixture, access1)).GetProperty("active").GetBoolean());
        Assert.False((await IntrospectAsync(fixture, access2)).GetProperty("active").GetBoolean());
        Assert.False((await IntrospectAsync(fixture, refresh2)).GetProperty("active").GetBoolean());
        await AssertAuditedAsync(client.ClientId, "session.refresh.reuse");
    }

    [Fact]
    public async Task Refresh_WiderScopeThanGranted_InvalidScopeAndTheTokenStaysUsable()
    {
        var client = await AgentClientAsync(fixture);
        var (verifier, challenge) = NewPkce();
        using var redeemed = await RedeemAsync(fixture, client, await CodeAsync(fixture, client, challenge), verifier);
        var (_, refresh, _) = await AssertTokensAsync(redeemed);

        using var wider = await RefreshAsync(fixture, client, refresh, scope: "read:reports write:reports");

        await OAuthWire.AssertErrorAsync(wider, "invalid_scope");
        using var same = await RefreshAsync(fixture, client, refresh);
        await AssertTokensAsync(same);
    }

    [Fact]
    public async Task Refresh_TokenPresentedByAnotherClient_InvalidGrant()
    {
        var client = await PublicClientAsync(fixture);
        var other = await PublicClientAsync(fixture);
        var (verifier, challenge) = NewPkce();
        using var redeemed = await RedeemAsync(fixture, client, await CodeAsync(fixture, client, challenge), verifier);
        var (_, refresh, _) = await AssertTokensAsync(redeemed);

        using var stolen = await RefreshAsync(fixture, other, refresh);

        Assert.Contains("another client", await OAuthWire.AssertErrorAsync(stolen, "invalid_grant"), StringComparison.Ordinal);
        using var revoke = await fixture.Anonymous.PostAsync("/oauth2/revoke", OAuthWire.Form(("token", refresh), ("client_id", other.ClientId)));
        await OAuthWire.AssertErrorAsync(revoke, "unauthorized_client");
        using var genuine = await RefreshAsync(fixture, client, refresh);
        await AssertTokensAsync(genuine);
    }

    [Fact]
    public async Task Introspect_CallerIsAPublicClient_InvalidClient()
    {
        var client = await PublicClientAsync(fixture);
        var (verifier, challenge) = NewPkce();
        using var redeemed = await RedeemAsync(fixture, client, await CodeAsync(fixture, client, challenge), verifier);
        var (access, _, _) = await AssertTokensAsync(redeemed);

        using var response = await fixture.Anonymous.PostAsync("/oauth2/introspect", OAuthWire.Form(("token", access), ("client_id", client.ClientId)));

        await OAuthWire.AssertErrorAsync(response, "invalid_client");
    }

    private async Task AssertAuditedAsync(string agentId, string action)
    {
        using var response = await fixture.Operator.GetAsync($"/v1/audit?agent={Uri.EscapeDataString(agentId)}");
        var body = await Wire.AssertJsonAsync(response, HttpStatusCode.OK);
        Assert.Contains(body.GetProperty("records").EnumerateArray(), r => r.GetProperty("action").GetString() == action && r.GetProperty("delegated_subject").GetString() == AimsApiFixture.Alice);
    }
}
