using Aims.Core.Policy;

namespace Aims.Core.Tests.Policy;

public sealed class PolicyDecisionTests
{
    private static readonly PolicyRule Rule = new(
        SpiffeIdPattern.Parse("spiffe://aims.local/agents/*"),
        new AttestationRequirement(["join_token"], []),
        TimeSpan.FromHours(2),
        TimeSpan.FromMinutes(2),
        TimeSpan.FromMinutes(20),
        ["*"]);

    [Fact]
    public void Ttls_AllowedDecision_ComeFromRule()
    {
        var decision = new PolicyDecision(true, "allowed by rule 0", Rule, 0);

        Assert.Equal(TimeSpan.FromHours(2), decision.X509SvidTtl);
        Assert.Equal(TimeSpan.FromMinutes(2), decision.JwtSvidTtl);
        Assert.Equal(TimeSpan.FromMinutes(20), decision.WitTtl);
    }

    [Fact]
    public void Ttls_DeniedDecisionWithRule_Throw()
    {
        var decision = new PolicyDecision(false, "attestation missing", Rule, 0);

        var ex = Assert.Throws<InvalidOperationException>(() => decision.X509SvidTtl);
        Assert.Contains("attestation missing", ex.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => decision.JwtSvidTtl);
        Assert.Throws<InvalidOperationException>(() => decision.WitTtl);
    }

    [Fact]
    public void Ttls_DeniedDecisionWithoutRule_Throw()
    {
        var decision = new PolicyDecision(false, "no rule matches", null, null);

        Assert.Throws<InvalidOperationException>(() => decision.WitTtl);
    }

    [Theory]
    [InlineData(true, "allowed: why")]
    [InlineData(false, "denied: why")]
    public void ToString_AnyDecision_StatesOutcomeAndReasonWithoutThrowing(bool allowed, string expected)
    {
        Assert.Equal(expected, new PolicyDecision(allowed, "why", allowed ? Rule : null, allowed ? 0 : null).ToString());
    }
}
