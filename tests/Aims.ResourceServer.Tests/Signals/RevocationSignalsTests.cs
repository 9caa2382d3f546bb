using Aims.Core.OAuth;
using Aims.Core.Signals;
using Aims.Core.Tokens;
using Aims.ResourceServer.Signals;

namespace Aims.ResourceServer.Tests.Signals;

public sealed class RevocationSignalsTests
{
    private const string Agent = "spiffe://aims.local/agents/analyst";
    private static readonly DateTimeOffset Now = new(2026, 7, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly RevocationCache _cache = new();
    private readonly RevocationSignals _signals;

    public RevocationSignalsTests() => _signals = new RevocationSignals(_cache);

    public static TheoryData<string> RevokingEvents =>
    [
        SecurityEventTypes.CredentialCompromise, SecurityEventTypes.AccountDisabled, SecurityEventTypes.AccountPurged, SecurityEventTypes.SessionRevoked,
    ];

    [Theory]
    [MemberData(nameof(RevokingEvents))]
    public void Apply_RevokingEventAboutAnAgent_RevokesItsTokensIssuedUpToTheEvent(string type)
    {
        var effect = _signals.Apply(Received(type, SubjectIdentifier.ForUri(Agent), occurredAt: Now.AddSeconds(-10)));

        Assert.Equal(SignalEffectKind.AgentRevoked, effect.Kind);
        Assert.Equal(Agent, effect.Agent);
        Assert.NotNull(_cache.RevocationReason(Token(issuedAt: Now.AddSeconds(-10))));
        Assert.Null(_cache.RevocationReason(Token(issuedAt: Now.AddSeconds(-9))));
    }

    [Fact]
    public void Apply_SessionRevokedAboutTheUserOfAComplexSubject_RevokesThatAgent()
    {
        var subject = SubjectIdentifier.Complex(user: SubjectIdentifier.ForUri(Agent), session: SubjectIdentifier.ForOpaque("session-7"));

        var effect = _signals.Apply(Received(SecurityEventTypes.SessionRevoked, subject, occurredAt: Now));

        Assert.Equal(SignalEffectKind.AgentRevoked, effect.Kind);
        Assert.NotNull(_cache.RevocationReason(Token(issuedAt: Now)));
    }

    [Fact]
    public void Apply_EventWithoutTimestamp_RevokesUpToTheSetsIat()
    {
        var received = new ReceivedSecurityEvent(FakeIssuer, "jti-1", Now, null, SubjectIdentifier.ForUri(Agent), SecurityEventTypes.AccountDisabled, "{}");

        _signals.Apply(received);

        Assert.NotNull(_cache.RevocationReason(Token(issuedAt: Now)));
        Assert.Null(_cache.RevocationReason(Token(issuedAt: Now.AddSeconds(1))));
    }

    [Fact]
    public void Apply_EventTimestampAfterTheSetsIat_IsHeldToIat()
    {
        var received = Received(SecurityEventTypes.CredentialCompromise, SubjectIdentifier.ForUri(Agent), occurredAt: Now.AddHours(1)) with { IssuedAt = Now };

        _signals.Apply(received);

        Assert.Null(_cache.RevocationReason(Token(issuedAt: Now.AddSeconds(1))));
    }

    [Theory]
    [InlineData("opaque")]
    [InlineData("iss_sub")]
    public void Apply_SubjectThatNamesNoAgent_ChangesNothing(string format)
    {
        var subject = format == "opaque" ? SubjectIdentifier.ForOpaque("x") : SubjectIdentifier.ForIssSub("https://idp.test", "alice");

        var effect = _signals.Apply(Received(SecurityEventTypes.CredentialCompromise, subject, occurredAt: Now));

        Assert.Equal(SignalEffectKind.None, effect.Kind);
        Assert.Equal(0, _cache.Count);
    }

    [Fact]
    public void Apply_AccountEnabled_LeavesEarlierRevocationsInPlace()
    {
        _signals.Apply(Received(SecurityEventTypes.AccountDisabled, SubjectIdentifier.ForUri(Agent), occurredAt: Now));

        var effect = _signals.Apply(Received(SecurityEventTypes.AccountEnabled, SubjectIdentifier.ForUri(Agent), occurredAt: Now.AddMinutes(1)));

        Assert.Equal(SignalEffectKind.None, effect.Kind);
        Assert.NotNull(_cache.RevocationReason(Token(issuedAt: Now)));
    }

    [Fact]
    public void Apply_TokenClaimsChangeWithScope_LowersTheAgentsCeiling()
    {
        var change = SecurityEvents.TokenClaimsChange(SubjectIdentifier.ForUri(Agent), new Dictionary<string, string> { ["scope"] = "read:reports" }, Cause(Now));

        var effect = _signals.Apply(Received(change));

        Assert.Equal(SignalEffectKind.ScopeReduced, effect.Kind);
        Assert.Equal(ScopeSet.Parse("read:reports"), _cache.EffectiveScope(Token(issuedAt: Now, scope: "read:reports write:reports")));
    }

    [Fact]
    public void Apply_TokenClaimsChangeAfterARestore_RaisesTheCeilingToThePolicys()
    {
        var reduced = SecurityEvents.TokenClaimsChange(SubjectIdentifier.ForUri(Agent), new Dictionary<string, string> { ["scope"] = "read:reports" }, Cause(Now));
        var restored = SecurityEvents.TokenClaimsChange(SubjectIdentifier.ForUri(Agent), new Dictionary<string, string> { ["scope"] = "read:reports write:reports" }, Cause(Now.AddMinutes(1)));

        _signals.Apply(Received(reduced));
        var effect = _signals.Apply(Received(restored));

        Assert.Equal(SignalEffectKind.ScopeReduced, effect.Kind);
        Assert.Equal(ScopeSet.Parse("read:reports write:reports"), _cache.EffectiveScope(Token(issuedAt: Now.AddMinutes(1), scope: "read:reports write:reports")));
    }

    [Fact]
    public void Apply_TokenClaimsChangeToAnyScope_LiftsTheCeiling()
    {
        var reduced = SecurityEvents.TokenClaimsChange(SubjectIdentifier.ForUri(Agent), new Dictionary<string, string> { ["scope"] = "read:reports" }, Cause(Now));
        var restored = SecurityEvents.TokenClaimsChange(SubjectIdentifier.ForUri(Agent), new Dictionary<string, string> { ["scope"] = "*" }, Cause(Now.AddMinutes(1)));

        _signals.Apply(Received(reduced));
        var effect = _signals.Apply(Received(restored));

        Assert.Equal(SignalEffectKind.ScopeRestored, effect.Kind);
        Assert.Equal(ScopeSet.Parse("admin:reports read:reports"), _cache.EffectiveScope(Token(issuedAt: Now.AddMinutes(1), scope: "admin:reports read:reports")));
        Assert.Equal(0, _cache.Count);
    }

    [Fact]
    public void Apply_OlderTokenClaimsChangeArrivingLate_IsIgnored()
    {
        var newer = SecurityEvents.TokenClaimsChange(SubjectIdentifier.ForUri(Agent), new Dictionary<string, string> { ["scope"] = "read:reports" }, Cause(Now));
        var older = SecurityEvents.TokenClaimsChange(SubjectIdentifier.ForUri(Agent), new Dictionary<string, string> { ["scope"] = "read:reports write:reports" }, Cause(Now.AddMinutes(-5)));

        _signals.Apply(Received(newer));
        var effect = _signals.Apply(Received(older));

        Assert.Equal(SignalEffectKind.None, effect.Kind);
        Assert.Equal(ScopeSet.Parse("read:reports"), _cache.EffectiveScope(Token(issuedAt: Now, scope: "read:reports write:reports")));
    }

    [Theory]
    [InlineData("""{"claims":{"scope":"read reports\"x"}}""")]
    [InlineData("""{"claims":{"scope":7}}""")]
    [InlineData("""{"claims":"scope"}""")]
    [InlineData("""{"claims":{"scope":"read"},"event_timestamp":"yesterday"}""")]
    public void Apply_MalformedTokenClaimsChange_IsReportedAndChangesNothing(string payload)
    {
        var received = new ReceivedSecurityEvent(FakeIssuer, "jti-1", Now, null, SubjectIdentifier.ForUri(Agent), SecurityEventTypes.TokenClaimsChange, payload);

        var effect = _signals.Apply(received);

        Assert.Equal(SignalEffectKind.Malformed, effect.Kind);
        Assert.Equal(0, _cache.Count);
    }

    [Fact]
    public void Apply_StreamControlEvent_ChangesNothing()
    {
        var verification = SecurityEvents.Verification("stream-1", "abc", "txn", Now);

        Assert.Equal(SignalEffectKind.None, _signals.Apply(Received(verification)).Kind);
        Assert.Equal(0, _cache.Count);
    }

    private const string FakeIssuer = "https://fabric.test";

    private static EventCause Cause(DateTimeOffset at) => new("txn-1", at, InitiatingEntity.Admin, "test");

    private static ReceivedSecurityEvent Received(string type, SubjectIdentifier subject, DateTimeOffset occurredAt)
    {
        var securityEvent = type switch
        {
            SecurityEventTypes.CredentialCompromise => SecurityEvents.CredentialCompromise(subject, "x509", Cause(occurredAt)),
            SecurityEventTypes.AccountDisabled => SecurityEvents.AccountDisabled(subject, "hijacking", Cause(occurredAt)),
            SecurityEventTypes.AccountPurged => SecurityEvents.AccountPurged(subject, Cause(occurredAt)),
            SecurityEventTypes.SessionRevoked => SecurityEvents.SessionRevoked(subject, Cause(occurredAt)),
            SecurityEventTypes.AccountEnabled => SecurityEvents.AccountEnabled(subject, Cause(occurredAt)),
            _ => throw new ArgumentException(type, nameof(type)),
        };
        return Received(securityEvent);
    }

    private static ReceivedSecurityEvent Received(SecurityEvent securityEvent) =>
        new(FakeIssuer, Guid.NewGuid().ToString("N"), Now, securityEvent.Txn, securityEvent.Subject, securityEvent.Type, securityEvent.PayloadJson);

    private static AccessToken Token(DateTimeOffset issuedAt, string scope = "read:reports") =>
        new("token", "jti", FakeIssuer, Agent, Agent, ["https://reports.test"], ScopeSet.Parse(scope), issuedAt, issuedAt.AddMinutes(5), [], null, "key-1");
}
