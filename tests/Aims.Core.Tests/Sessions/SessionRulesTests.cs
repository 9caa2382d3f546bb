using Aims.Core.OAuth;
using Aims.Core.Sessions;

namespace Aims.Core.Tests.Sessions;

public sealed class SessionRulesTests
{
    private const string Client = "spiffe://aims.test/agents/analyst";
    private const string RedirectUri = "https://app.example.com/cb";
    private const string Verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    private const string Challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
    private const string Resource = "https://api.example.com/reports";

    private static readonly DateTimeOffset AuthorizedAt = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly string SessionId = OpaqueSecrets.NewId();
    private static readonly SessionCredential Code = SessionCredential.Issue(SessionCredentialKind.AuthorizationCode, SessionId);
    private static readonly SessionGrant Grant = new(
        Client, RedirectUri, Challenge, Code.Hash, ScopeSet.Parse("read:reports write:reports"), [Resource, "https://api.example.com/b"],
        AuthorizedAt, AuthorizedAt.AddHours(24));

    public static TheoryData<string, SessionCheck> CodeCases() => new()
    {
        { "accepted", SessionCheck.Accepted },
        { "another code of the session", SessionCheck.Unknown },
        { "at 60 seconds", SessionCheck.Expired },
        { "other client", SessionCheck.OtherClient },
        { "other redirect", SessionCheck.RedirectMismatch },
        { "redirect with trailing slash", SessionCheck.RedirectMismatch },
        { "wrong verifier", SessionCheck.PkceMismatch },
        { "challenge sent as verifier", SessionCheck.PkceMismatch },
        { "ungranted resource", SessionCheck.ResourceWidened },
    };

    [Theory]
    [MemberData(nameof(CodeCases))]
    public void CheckCode_AuthorizedSession_FirstFailingCheckDecides(string scenario, SessionCheck expected)
    {
        var presented = new CodePresentation(Code.Value, Client, RedirectUri, Verifier, [Resource]);
        var now = AuthorizedAt.AddSeconds(59);
        (presented, now) = scenario switch
        {
            "another code of the session" => (presented with { Code = SessionCredential.Issue(SessionCredentialKind.AuthorizationCode, SessionId).Value }, now),
            "at 60 seconds" => (presented, AuthorizedAt.AddSeconds(60)),
            "other client" => (presented with { ClientId = "spiffe://aims.test/agents/other" }, now),
            "other redirect" => (presented with { RedirectUri = "https://app.example.com/other" }, now),
            "redirect with trailing slash" => (presented with { RedirectUri = RedirectUri + "/" }, now),
            "wrong verifier" => (presented with { CodeVerifier = Verifier[..^1] + "j" }, now),
            "challenge sent as verifier" => (presented with { CodeVerifier = Challenge }, now),
            "ungranted resource" => (presented with { Resources = ["https://api.example.com/other"] }, now),
            _ => (presented, now),
        };

        Assert.Equal(expected, SessionRules.CheckCode(SessionState.Authorized, Grant, presented, now));
    }

    [Theory]
    [InlineData(SessionState.Established, SessionCheck.Replayed)]
    [InlineData(SessionState.Revoked, SessionCheck.Inactive)]
    [InlineData(SessionState.Ended, SessionCheck.Inactive)]
    public void CheckCode_SessionPastAuthorized_ReplayOrInactive(SessionState state, SessionCheck expected)
    {
        var presented = new CodePresentation(Code.Value, Client, RedirectUri, Verifier, []);

        Assert.Equal(expected, SessionRules.CheckCode(state, Grant, presented, AuthorizedAt.AddSeconds(1)));
    }

    [Fact]
    public void CheckCode_ReplayByAnotherClientAfterExpiry_StillAReplay()
    {
        var presented = new CodePresentation(Code.Value, "other", "https://evil.example.com", "x", []);

        Assert.Equal(SessionCheck.Replayed, SessionRules.CheckCode(SessionState.Established, Grant, presented, AuthorizedAt.AddHours(1)));
    }

    [Fact]
    public void CheckCode_NoSession_Unknown()
    {
        var empty = Grant with { CodeHash = string.Empty };

        Assert.Equal(SessionCheck.Unknown, SessionRules.CheckCode(SessionState.None, empty, new CodePresentation(Code.Value, Client, RedirectUri, Verifier, []), AuthorizedAt));
    }

    [Fact]
    public void CheckRefresh_CurrentToken_AcceptedThenReplayAfterRotation()
    {
        var first = SessionCredential.Issue(SessionCredentialKind.RefreshToken, SessionId);
        var second = SessionCredential.Issue(SessionCredentialKind.RefreshToken, SessionId);
        var family = RefreshFamily.Empty.Rotate(first.Hash);
        var now = AuthorizedAt.AddHours(1);

        Assert.Equal(SessionCheck.Accepted, SessionRules.CheckRefresh(SessionState.Established, Grant, family, Refresh(first.Value), now));

        family = family.Rotate(second.Hash);
        Assert.Equal(SessionCheck.Replayed, SessionRules.CheckRefresh(SessionState.Established, Grant, family, Refresh(first.Value), now));
        Assert.Equal(SessionCheck.Accepted, SessionRules.CheckRefresh(SessionState.Established, Grant, family, Refresh(second.Value), now));
    }

    public static TheoryData<string, SessionCheck> RefreshCases() => new()
    {
        { "unknown token", SessionCheck.Unknown },
        { "revoked session", SessionCheck.Inactive },
        { "other client", SessionCheck.OtherClient },
        { "past the absolute lifetime", SessionCheck.Expired },
        { "wider scope", SessionCheck.ScopeWidened },
        { "narrower scope", SessionCheck.Accepted },
        { "ungranted resource", SessionCheck.ResourceWidened },
        { "granted resource subset", SessionCheck.Accepted },
    };

    [Theory]
    [MemberData(nameof(RefreshCases))]
    public void CheckRefresh_FirstFailingCheckDecides(string scenario, SessionCheck expected)
    {
        var current = SessionCredential.Issue(SessionCredentialKind.RefreshToken, SessionId);
        var family = RefreshFamily.Empty.Rotate(current.Hash);
        var presented = Refresh(current.Value);
        var (state, now) = (SessionState.Established, AuthorizedAt.AddHours(1));
        switch (scenario)
        {
            case "unknown token":
                presented = presented with { RefreshToken = SessionCredential.Issue(SessionCredentialKind.RefreshToken, SessionId).Value };
                break;
            case "revoked session":
                state = SessionState.Revoked;
                break;
            case "other client":
                presented = presented with { ClientId = "public-client" };
                break;
            case "past the absolute lifetime":
                now = Grant.ExpiresAt;
                break;
            case "wider scope":
                presented = presented with { Scope = ScopeSet.Parse("read:reports admin") };
                break;
            case "narrower scope":
                presented = presented with { Scope = ScopeSet.Parse("read:reports") };
                break;
            case "ungranted resource":
                presented = presented with { Resources = ["https://api.example.com/other"] };
                break;
            case "granted resource subset":
                presented = presented with { Resources = [Resource] };
                break;
        }

        Assert.Equal(expected, SessionRules.CheckRefresh(state, Grant, family, presented, now));
    }

    [Fact]
    public void ScopeForAndResourcesFor_EmptyRequestMeansEverythingGranted()
    {
        Assert.Equal(Grant.Scope, SessionRules.ScopeFor(ScopeSet.Empty, Grant));
        Assert.Equal(ScopeSet.Parse("read:reports"), SessionRules.ScopeFor(ScopeSet.Parse("read:reports"), Grant));
        Assert.Equal(Grant.Resources, SessionRules.ResourcesFor([], Grant));
        Assert.Equal([Resource], SessionRules.ResourcesFor([Resource], Grant));
    }

    [Theory]
    [InlineData(SessionCheck.Unknown, "invalid_grant")]
    [InlineData(SessionCheck.Replayed, "invalid_grant")]
    [InlineData(SessionCheck.Inactive, "invalid_grant")]
    [InlineData(SessionCheck.Expired, "invalid_grant")]
    [InlineData(SessionCheck.OtherClient, "invalid_grant")]
    [InlineData(SessionCheck.RedirectMismatch, "invalid_grant")]
    [InlineData(SessionCheck.PkceMismatch, "invalid_grant")]
    [InlineData(SessionCheck.ScopeWidened, "invalid_scope")]
    [InlineData(SessionCheck.ResourceWidened, "invalid_target")]
    public void ErrorFor_EveryRefusal_RfcCodeAndDescription(SessionCheck check, string error)
    {
        var oauthError = SessionRules.ErrorFor(check, SessionCredentialKind.AuthorizationCode);

        Assert.Equal(error, oauthError.Error);
        Assert.False(string.IsNullOrWhiteSpace(oauthError.Description));
    }

    [Fact]
    public void ErrorFor_Accepted_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => SessionRules.ErrorFor(SessionCheck.Accepted, SessionCredentialKind.RefreshToken));

    [Fact]
    public void RefreshFamily_Rotate_KeepsAtMostTheHistoryLimit()
    {
        var family = RefreshFamily.Empty;
        for (var i = 0; i < SessionLimits.MaxRefreshHistory + 10; i++)
            family = family.Rotate(OpaqueSecrets.Hash(i.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        Assert.Equal(SessionLimits.MaxRefreshHistory, family.PreviousHashes.Count);
        Assert.True(family.IsRotatedOut((SessionLimits.MaxRefreshHistory + 8).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.False(family.IsRotatedOut("0"));
        Assert.True(family.IsCurrent((SessionLimits.MaxRefreshHistory + 9).ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    private static RefreshPresentation Refresh(string token) => new(token, Client, ScopeSet.Empty, []);
}
