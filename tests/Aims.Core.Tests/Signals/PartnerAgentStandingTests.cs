using Aims.Core.OAuth;
using Aims.Core.Signals;
using Aims.Core.Signals.TokenEffects;

namespace Aims.Core.Tests.Signals;

public sealed class PartnerAgentStandingTests
{
    private const string AgentId = "spiffe://a.example/agents/research/1";
    private static readonly DateTimeOffset At = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);

    private static TokenEffect Effect(string type, string payload = "{}", DateTimeOffset? iat = null) =>
        TokenEffectRules.Decide(new ReceivedSecurityEvent("https://as.a.example", "set-1", iat ?? At, null, SubjectIdentifier.ForUri(AgentId), type, payload));

    [Theory]
    [InlineData(SecurityEventTypes.CredentialCompromise)]
    [InlineData(SecurityEventTypes.AccountDisabled)]
    [InlineData(SecurityEventTypes.AccountPurged)]
    [InlineData(SecurityEventTypes.SessionRevoked)]
    public void A_revoking_event_refuses_what_was_issued_up_to_it_and_nothing_after(string type)
    {
        var (standing, changed) = PartnerAgentStanding.Clean.Apply(Effect(type));

        Assert.True(changed);
        Assert.True(standing.Revokes(At));
        Assert.True(standing.Revokes(At.AddSeconds(-1)));
        Assert.False(standing.Revokes(At.AddSeconds(1)));
        Assert.True(standing.Revokes(null));
    }

    [Fact]
    public void The_event_timestamp_is_the_instant_but_never_later_than_the_set()
    {
        var earlier = At.AddMinutes(-5).ToUnixTimeSeconds();
        var (standing, _) = PartnerAgentStanding.Clean.Apply(Effect(SecurityEventTypes.CredentialCompromise, $$"""{"event_timestamp":{{earlier}}}"""));
        Assert.Equal(At.AddMinutes(-5), standing.RevokedBefore);

        var later = At.AddMinutes(5).ToUnixTimeSeconds();
        (standing, _) = PartnerAgentStanding.Clean.Apply(Effect(SecurityEventTypes.CredentialCompromise, $$"""{"event_timestamp":{{later}}}"""));
        Assert.Equal(At, standing.RevokedBefore);
    }

    [Fact]
    public void A_revocation_instant_never_moves_back()
    {
        var (standing, _) = PartnerAgentStanding.Clean.Apply(Effect(SecurityEventTypes.CredentialCompromise));

        var (after, changed) = standing.Apply(Effect(SecurityEventTypes.AccountDisabled, iat: At.AddHours(-1)));

        Assert.False(changed);
        Assert.Equal(At, after.RevokedBefore);
    }

    [Fact]
    public void Account_enabled_leaves_earlier_revocations_in_place()
    {
        var (standing, _) = PartnerAgentStanding.Clean.Apply(Effect(SecurityEventTypes.AccountDisabled));

        var (after, changed) = standing.Apply(Effect(SecurityEventTypes.AccountEnabled, iat: At.AddMinutes(1)));

        Assert.False(changed);
        Assert.True(after.Revokes(At));
        Assert.False(after.Revokes(At.AddMinutes(2)));
    }

    [Fact]
    public void Token_claims_change_sets_the_ceiling_in_event_order_and_star_lifts_it()
    {
        var (reduced, _) = PartnerAgentStanding.Clean.Apply(Effect(SecurityEventTypes.TokenClaimsChange, """{"claims":{"scope":"tools.read"}}"""));
        Assert.Equal(ScopeSet.Parse("tools.read"), reduced.Ceiling);

        var (stale, changed) = reduced.Apply(Effect(SecurityEventTypes.TokenClaimsChange, """{"claims":{"scope":"*"}}""", iat: At.AddMinutes(-1)));
        Assert.False(changed);
        Assert.Equal(ScopeSet.Parse("tools.read"), stale.Ceiling);

        var (lifted, _) = reduced.Apply(Effect(SecurityEventTypes.TokenClaimsChange, """{"claims":{"scope":"*"}}""", iat: At.AddMinutes(1)));
        Assert.Null(lifted.Ceiling);
    }

    [Fact]
    public void A_malformed_event_changes_nothing()
    {
        var effect = Effect(SecurityEventTypes.CredentialCompromise, """{"event_timestamp":"yesterday"}""");

        Assert.Equal(TokenEffectKind.Malformed, effect.Kind);
        Assert.Equal((PartnerAgentStanding.Clean, false), PartnerAgentStanding.Clean.Apply(effect));
    }
}
