using System.Security.Cryptography;
using System.Text;
using Aims.Core.Jose;
using Aims.Core.Sessions;
using Aims.Grains.OAuth;
using Aims.Grains.Sessions;
using Aims.Grains.Tests.Cluster;

namespace Aims.Grains.Tests.Sessions;

/// <summary>
/// The flow and session grains under the cluster's fake clock: every lifetime of the code flow (flow, code,
/// absolute session) is reached by advancing the clock, never by waiting.
/// </summary>
[Collection(AimsClusterCollection.Name)]
public sealed class SessionGrainTests(AimsClusterFixture fixture)
{
    private const string RedirectUri = "https://app.example/cb";
    private const string Issuer = "https://aims.test";

    [Fact]
    public async Task LoginAsync_AfterTheFlowLifetime_Unavailable()
    {
        var (flow, binding, _) = await StartAsync();
        await fixture.AdvanceAsync(SessionLimits.FlowLifetime);

        var outcome = await flow.LoginAsync(new LoginAttempt(binding, SessionTestOptions.User, SessionTestOptions.Password, "corr"));

        Assert.Equal(LoginResult.Unavailable, outcome.Result);
    }

    [Fact]
    public async Task ConsentAsync_WrongBindingSecret_BindingFailedAndTheFlowWaits()
    {
        var (flow, binding, _) = await StartAsync();
        Assert.Equal(LoginResult.SignedIn, (await flow.LoginAsync(new LoginAttempt(binding, SessionTestOptions.User, SessionTestOptions.Password, "corr"))).Result);

        var forged = await flow.ConsentAsync(new ConsentDecision(OpaqueSecrets.NewSecret(), true, "corr"));

        Assert.Equal(ConsentResult.BindingFailed, forged.Result);
        Assert.Equal(ConsentResult.Redirect, (await flow.ConsentAsync(new ConsentDecision(binding, true, "corr"))).Result);
    }

    [Fact]
    public async Task RedeemCodeAsync_AtSixtySeconds_ExpiredAndTheSessionEnds()
    {
        var (code, verifier, client) = await CodeAsync();
        await fixture.AdvanceAsync(SessionLimits.CodeLifetime);

        var tokens = await Session(code).RedeemCodeAsync(Redemption(code, verifier, client));

        Assert.Equal("invalid_grant", tokens.Outcome.Error);
        Assert.Contains("expired", tokens.Outcome.ErrorDescription, StringComparison.Ordinal);
        Assert.Equal(SessionState.Ended, (await Session(code).GetSummaryAsync())!.State);
    }

    [Fact]
    public async Task RefreshAsync_AtTheAbsoluteLifetime_EndsTheSessionThoughEachRotationSucceeded()
    {
        var (code, verifier, client) = await CodeAsync();
        var redeemed = await Session(code).RedeemCodeAsync(Redemption(code, verifier, client));
        Assert.NotNull(redeemed.RefreshToken);
        var summary = (await Session(code).GetSummaryAsync())!;
        Assert.Equal(SessionState.Established, summary.State);

        // Rotation does not extend the session: its end was fixed at consent.
        await fixture.AdvanceAsync(TimeSpan.FromHours(12));
        var rotated = await Session(code).RefreshAsync(Refresh(redeemed.RefreshToken!, client));
        Assert.NotNull(rotated.RefreshToken);
        Assert.True(rotated.Outcome.Issued!.ExpiresAt <= summary.ExpiresAt);
        await fixture.AdvanceAsync(summary.ExpiresAt - fixture.Clock.GetUtcNow());

        var expired = await Session(code).RefreshAsync(Refresh(rotated.RefreshToken!, client));

        Assert.Equal("invalid_grant", expired.Outcome.Error);
        Assert.Contains("absolute lifetime", expired.Outcome.ErrorDescription, StringComparison.Ordinal);
        Assert.Equal(SessionState.Ended, (await Session(code).GetSummaryAsync())!.State);
        Assert.Null(await Session(code).IntrospectRefreshTokenAsync(rotated.RefreshToken!));
    }

    [Fact]
    public async Task CreateAsync_SameSessionTwice_Throws()
    {
        var (code, _, client) = await CodeAsync();
        var creation = new SessionCreation(client, false, RedirectUri, "c", "h", SessionTestOptions.User, [], [], fixture.Clock.GetUtcNow(), fixture.Clock.GetUtcNow(), "corr");

        await Assert.ThrowsAsync<Aims.Core.StateMachines.InvalidTransitionException>(() => Session(code).CreateAsync(creation));
    }

    private async Task<(IAuthorizationFlowGrain Flow, string Binding, string Verifier)> StartAsync(string? clientId = null)
    {
        clientId ??= await PublicClientAsync();
        var verifier = Base64Url.Encode(RandomNumberGenerator.GetBytes(32));
        var challenge = Base64Url.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var binding = OpaqueSecrets.NewSecret();
        var flow = fixture.GrainFactory.GetGrain<IAuthorizationFlowGrain>(GrainKeys.AuthorizationFlow(OpaqueSecrets.NewId()));
        await flow.StartAsync(new AuthorizationFlowStart(
            clientId, false, RedirectUri, [SessionTestOptions.Scope], [SessionTestOptions.Resource], challenge, "st", OpaqueSecrets.Hash(binding), "corr"));
        return (flow, binding, verifier);
    }

    /// <summary>A public client, signed in as alice, allowed: the code, its verifier and the client.</summary>
    private async Task<(string Code, string Verifier, string Client)> CodeAsync()
    {
        var client = await PublicClientAsync();
        var (flow, binding, verifier) = await StartAsync(client);
        Assert.Equal(LoginResult.SignedIn, (await flow.LoginAsync(new LoginAttempt(binding, SessionTestOptions.User, SessionTestOptions.Password, "corr"))).Result);
        var consent = await flow.ConsentAsync(new ConsentDecision(binding, true, "corr"));
        return (consent.Redirect!.Code!, verifier, client);
    }

    private async Task<string> PublicClientAsync()
    {
        var id = $"client-{Guid.NewGuid():N}";
        await fixture.GrainFactory.GetGrain<IOAuthClientGrain>(GrainKeys.OAuthClient(id)).RegisterAsync(new OAuthClientView(
            id, "tests", [RedirectUri], [], [], "none", null, null, false, fixture.Clock.GetUtcNow()));
        return id;
    }

    private ISessionGrain Session(string credential)
    {
        Assert.True(SessionCredential.TryReadSessionId(credential, SessionCredentialKind.AuthorizationCode, out var id)
            || SessionCredential.TryReadSessionId(credential, SessionCredentialKind.RefreshToken, out id));
        return fixture.GrainFactory.GetGrain<ISessionGrain>(GrainKeys.Session(id));
    }

    private static CodeRedemptionRequest Redemption(string code, string verifier, string client) =>
        new(code, client, RedirectUri, verifier, [], Issuer, "none", null, "corr");

    private static TokenRefreshRequest Refresh(string refreshToken, string client) =>
        new(refreshToken, client, [], [], Issuer, "none", null, "corr");
}
