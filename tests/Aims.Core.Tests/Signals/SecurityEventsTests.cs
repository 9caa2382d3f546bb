using System.Text.Json;
using Aims.Core.Signals;

namespace Aims.Core.Tests.Signals;

public sealed class SecurityEventsTests
{
    private static readonly DateTimeOffset Now = new(2026, 7, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly EventCause Cause = new("txn-1", Now, InitiatingEntity.Admin, "agent compromised by operator");
    private static readonly SubjectIdentifier Agent = SubjectIdentifier.ForUri("spiffe://example.org/agents/a");

    [Fact]
    public void Every_caep_and_risc_event_carries_timestamp_initiator_and_admin_reason()
    {
        SecurityEvent[] events =
        [
            SecurityEvents.SessionRevoked(Agent, Cause),
            SecurityEvents.TokenClaimsChange(Agent, new Dictionary<string, string> { ["scope"] = "read" }, Cause),
            SecurityEvents.CredentialChange(Agent, "revoke", "CN=ca", "0a1b", Cause),
            SecurityEvents.AssuranceLevelChange(Agent, "aims-attestation", "none", "tpm", increased: false, Cause),
            SecurityEvents.RiskLevelChange(Agent, "USER", RiskLevel.High, RiskLevel.Low, "anomalous calls", Cause),
            SecurityEvents.CredentialCompromise(Agent, "x509", Cause),
            SecurityEvents.AccountDisabled(Agent, "hijacking", Cause),
            SecurityEvents.AccountEnabled(Agent, Cause),
            SecurityEvents.AccountPurged(Agent, Cause),
            SecurityEvents.IdentifierChanged(Agent, "spiffe://example.org/agents/b", Cause),
        ];

        Assert.Equal(SecurityEventTypes.Supported.Order(), events.Select(e => e.Type).Order());
        foreach (var securityEvent in events)
        {
            var payload = JsonDocument.Parse(securityEvent.PayloadJson).RootElement;
            Assert.Equal(Now.ToUnixTimeSeconds(), payload.GetProperty("event_timestamp").GetInt64());
            Assert.Equal("admin", payload.GetProperty("initiating_entity").GetString());
            Assert.Equal("agent compromised by operator", payload.GetProperty("reason_admin").GetProperty("en").GetString());
            Assert.Equal("txn-1", securityEvent.Txn);
        }
    }

    [Fact]
    public void Event_members_follow_their_profiles()
    {
        var claims = JsonDocument.Parse(SecurityEvents.TokenClaimsChange(Agent, new Dictionary<string, string> { ["scope"] = "read" }, Cause).PayloadJson).RootElement;
        Assert.Equal("read", claims.GetProperty("claims").GetProperty("scope").GetString());

        var credential = JsonDocument.Parse(SecurityEvents.CredentialChange(Agent, "revoke", null, "0a1b", Cause).PayloadJson).RootElement;
        Assert.Equal("x509", credential.GetProperty("credential_type").GetString());
        Assert.Equal("revoke", credential.GetProperty("change_type").GetString());
        Assert.Equal("0a1b", credential.GetProperty("x509_serial").GetString());
        Assert.False(credential.TryGetProperty("x509_issuer", out _));

        var risk = JsonDocument.Parse(SecurityEvents.RiskLevelChange(Agent, "USER", RiskLevel.Medium, null, null, Cause).PayloadJson).RootElement;
        Assert.Equal("MEDIUM", risk.GetProperty("current_level").GetString());
        Assert.False(risk.TryGetProperty("previous_level", out _));

        var assurance = JsonDocument.Parse(SecurityEvents.AssuranceLevelChange(Agent, "ns", "high", "low", increased: true, Cause).PayloadJson).RootElement;
        Assert.Equal("increase", assurance.GetProperty("change_direction").GetString());

        var changed = JsonDocument.Parse(SecurityEvents.IdentifierChanged(Agent, "spiffe://example.org/b", Cause).PayloadJson).RootElement;
        Assert.Equal("spiffe://example.org/b", changed.GetProperty("new-value").GetString());
    }

    [Fact]
    public void IdentifierChanged_names_the_old_spiffe_id_as_uri_subject_and_the_new_one_as_new_value()
    {
        var changed = SecurityEvents.IdentifierChanged(Agent, "spiffe://example.org/agents/team-b/a", Cause);

        Assert.Equal(SecurityEventTypes.IdentifierChanged, changed.Type);
        Assert.Equal("https://schemas.openid.net/secevent/risc/event-type/identifier-changed", changed.Type);
        Assert.Equal(SubjectIdentifier.ForUri("spiffe://example.org/agents/a"), changed.Subject);
        using var subject = JsonDocument.Parse(changed.Subject.ToJson());
        Assert.Equal("uri", subject.RootElement.GetProperty("format").GetString());
        Assert.Equal("spiffe://example.org/agents/a", subject.RootElement.GetProperty("uri").GetString());
        var payload = JsonDocument.Parse(changed.PayloadJson).RootElement;
        Assert.Equal(
            ["new-value", "event_timestamp", "initiating_entity", "reason_admin"],
            payload.EnumerateObject().Select(p => p.Name));
        Assert.Equal("spiffe://example.org/agents/team-b/a", payload.GetProperty("new-value").GetString());
        Assert.Throws<ArgumentException>(() => SecurityEvents.IdentifierChanged(Agent, "", Cause));
    }

    [Fact]
    public void Stream_events_name_the_stream_as_an_opaque_subject()
    {
        var verification = SecurityEvents.Verification("stream-1", "abc", "txn", Now);
        Assert.Equal(SubjectIdentifier.ForOpaque("stream-1"), verification.Subject);
        Assert.Equal("abc", JsonDocument.Parse(verification.PayloadJson).RootElement.GetProperty("state").GetString());

        var updated = SecurityEvents.StreamUpdated("stream-1", "paused", "maintenance", "txn", Now);
        Assert.Equal("paused", JsonDocument.Parse(updated.PayloadJson).RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public void Builders_refuse_values_their_profiles_do_not_define()
    {
        Assert.Throws<ArgumentException>(() => SecurityEvents.CredentialChange(Agent, "rotate", null, null, Cause));
        Assert.Throws<ArgumentException>(() => SecurityEvents.AccountDisabled(Agent, "bored", Cause));
        Assert.Throws<ArgumentException>(() => SecurityEvents.TokenClaimsChange(Agent, new Dictionary<string, string>(), Cause));
        Assert.ThrowsAny<ArgumentException>(() => SecurityEvents.SessionRevoked(Agent, Cause with { ReasonAdmin = "" }));
    }
}
