using Aims.Core.Identity;
using Aims.Core.Signals;
using Aims.Core.Signals.Remediation;

namespace Aims.Core.Tests.Signals;

public sealed class RemediationRulesTests
{
    private const string AgentId = "spiffe://example.org/agents/a";
    private static readonly TrustDomain Domain = TrustDomain.Parse("example.org");
    private static readonly SubjectIdentifier Agent = SubjectIdentifier.ForUri(AgentId);

    private static ReceivedSecurityEvent Event(string type, SubjectIdentifier subject, string payload = "{}") =>
        new("https://edr.example.com", "set-1", DateTimeOffset.UnixEpoch, null, subject, type, payload);

    [Theory]
    [InlineData(SecurityEventTypes.CredentialCompromise, "{}", RemediationKind.Compromise)]
    [InlineData(SecurityEventTypes.AccountDisabled, "{}", RemediationKind.Suspend)]
    [InlineData(SecurityEventTypes.AccountPurged, "{}", RemediationKind.Terminate)]
    [InlineData(SecurityEventTypes.RiskLevelChange, """{"principal":"USER","current_level":"HIGH"}""", RemediationKind.Compromise)]
    [InlineData(SecurityEventTypes.RiskLevelChange, """{"principal":"USER","current_level":"medium"}""", RemediationKind.ReduceScope)]
    [InlineData(SecurityEventTypes.RiskLevelChange, """{"principal":"USER","current_level":"LOW"}""", RemediationKind.None)]
    [InlineData(SecurityEventTypes.SessionRevoked, "{}", RemediationKind.RevokeSessions)]
    [InlineData(SecurityEventTypes.AccountEnabled, "{}", RemediationKind.None)]
    [InlineData(SecurityEventTypes.TokenClaimsChange, """{"claims":{"scope":"x"}}""", RemediationKind.None)]
    public void Maps_each_event_to_its_default_remediation(string type, string payload, RemediationKind expected)
    {
        var decision = RemediationRules.Decide(Event(type, Agent, payload), Domain);

        Assert.Equal(expected, decision.Kind);
        Assert.Contains("edr.example.com", decision.Reason, StringComparison.Ordinal);
        Assert.Contains("set-1", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Session_revoked_with_a_session_revokes_that_session_of_the_agent()
    {
        var subject = SubjectIdentifier.Complex(user: Agent, session: SubjectIdentifier.ForOpaque("sess-1"));

        var decision = RemediationRules.Decide(Event(SecurityEventTypes.SessionRevoked, subject), Domain);

        Assert.Equal((RemediationKind.RevokeSession, "sess-1", AgentId), (decision.Kind, decision.SessionId, decision.Agent?.ToString()));
    }

    [Fact]
    public void An_iss_sub_subject_with_a_spiffe_id_names_the_agent()
    {
        var decision = RemediationRules.Decide(Event(SecurityEventTypes.CredentialCompromise, SubjectIdentifier.ForIssSub("https://x", AgentId)), Domain);

        Assert.Equal(AgentId, decision.Agent?.ToString());
    }

    [Theory]
    [InlineData("spiffe://other.org/agents/a")]
    [InlineData("https://example.org/agents/a")]
    public void A_subject_outside_the_trust_domain_is_recorded_but_not_acted_on(string uri)
    {
        var decision = RemediationRules.Decide(Event(SecurityEventTypes.CredentialCompromise, SubjectIdentifier.ForUri(uri)), Domain);

        Assert.Equal(RemediationKind.None, decision.Kind);
        Assert.Contains("names no agent", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_operator_override_replaces_the_default()
    {
        var overrides = new Dictionary<string, RemediationKind> { [SecurityEventTypes.CredentialCompromise] = RemediationKind.Suspend };

        var decision = RemediationRules.Decide(Event(SecurityEventTypes.CredentialCompromise, Agent), Domain, overrides);

        Assert.Equal(RemediationKind.Suspend, decision.Kind);
    }
}
