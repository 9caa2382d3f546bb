using Aims.Core.Identity;
using Aims.Core.Policy;

namespace Aims.Core.Tests.Policy;

public sealed class BuiltInPoliciesTests
{
    private static readonly TrustDomain TrustDomain = TrustDomain.Parse("aims.local");

    [Fact]
    public void DefaultName_IsDefault()
    {
        Assert.Equal("default", BuiltInPolicies.DefaultName);
    }

    [Fact]
    public void Default_HasOneRuleForTheWholeTrustDomain()
    {
        var rule = Assert.Single(BuiltInPolicies.Default(TrustDomain).Rules);

        Assert.Equal("spiffe://aims.local/**", rule.Match.ToString());
        Assert.Equal(["join_token"], rule.Attestation.Allowed);
        Assert.Empty(rule.Attestation.Required);
        Assert.Equal(TimeSpan.FromSeconds(3600), rule.X509SvidTtl);
        Assert.Equal(TimeSpan.FromSeconds(300), rule.JwtSvidTtl);
        Assert.Equal(TimeSpan.FromSeconds(1800), rule.WitTtl);
        Assert.Equal(["*"], rule.Audiences);
    }

    [Fact]
    public void Default_OAuthSection_AllowsNoScopeResourceUserOrDelegation()
    {
        var oauth = Assert.Single(BuiltInPolicies.Default(TrustDomain).Rules).OAuth;

        Assert.NotNull(oauth);
        Assert.Empty(oauth.Scopes);
        Assert.Empty(oauth.Resources);
        Assert.Empty(oauth.Users);
        Assert.Equal(TimeSpan.FromSeconds(300), oauth.AccessTokenTtl);
        Assert.Equal(TimeSpan.FromSeconds(86400), oauth.RefreshTokenTtl);
        Assert.Equal(new DelegationRule(false, 3, false), oauth.Delegation);
    }

    [Theory]
    [InlineData(new string[0], new string[0])]
    [InlineData(new[] { "read:reports" }, new string[0])]
    [InlineData(new string[0], new[] { "https://api.example.com" })]
    public void EvaluateToken_Default_GrantsNoAccessToken(string[] scopes, string[] resources)
    {
        var request = new TokenPolicyRequest(SpiffeId.Parse("spiffe://aims.local/agents/data-analyst"), scopes, resources);

        var decision = PolicyEvaluator.EvaluateToken(BuiltInPolicies.Default(TrustDomain), request);

        Assert.False(decision.Allowed);
        Assert.Equal(0, decision.RuleIndex);
        Assert.Equal("rule 0 (spiffe://aims.local/**) grants no access tokens: its oauth section allows no scopes and no resources", decision.Reason);
    }

    [Theory]
    [InlineData("spiffe://aims.local/agents/data-analyst")]
    [InlineData("spiffe://aims.local/a/b/c")]
    public void Default_JoinTokenAgentInTrustDomain_AllowedForAnyAudience(string id)
    {
        var request = new PolicyRequest(SpiffeId.Parse(id), ["join_token"], ["https://api.example.com", "spiffe://other.local/x"]);

        var decision = PolicyEvaluator.Evaluate(BuiltInPolicies.Default(TrustDomain), request);

        Assert.True(decision.Allowed, decision.Reason);
        Assert.Equal(0, decision.RuleIndex);
    }

    [Theory]
    [InlineData("spiffe://other.local/agents/data-analyst", "join_token")]
    [InlineData("spiffe://aims.local", "join_token")]
    [InlineData("spiffe://aims.local/agents/data-analyst", "k8s_psat")]
    public void Default_OtherTrustDomainRootOrAttestation_Denied(string id, string attestationType)
    {
        var request = new PolicyRequest(SpiffeId.Parse(id), [attestationType], []);

        var decision = PolicyEvaluator.Evaluate(BuiltInPolicies.Default(TrustDomain), request);

        Assert.False(decision.Allowed);
    }
}
