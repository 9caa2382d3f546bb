using Aims.Core.Identity;
using Aims.Core.Policy;

namespace Aims.Core.Tests.Policy;

public sealed class PolicyEvaluatorCeilingTests
{
    private static readonly PolicyDocument Policy = Parse("""
        {
          "rules": [
            { "match": "spiffe://aims.local/agents/admin", "oauth": { "scopes": ["*"], "resources": ["*"] } },
            { "match": "spiffe://aims.local/agents/resource-only", "oauth": { "resources": ["https://api.example.com"] } },
            { "match": "spiffe://aims.local/agents/no-oauth", "audiences": ["*"] },
            { "match": "spiffe://aims.local/agents/*", "oauth": { "scopes": ["write:tickets", "read:reports"], "resources": ["*"] } }
          ]
        }
        """);

    private static PolicyDocument Parse(string json)
    {
        Assert.True(PolicyParser.TryParse(json, out var document, out var error), error);
        return document;
    }

    [Theory]
    [InlineData("spiffe://aims.local/agents/admin", "*")]
    [InlineData("spiffe://aims.local/agents/reporter", "write:tickets read:reports")]
    [InlineData("spiffe://aims.local/agents/resource-only", "")]
    [InlineData("spiffe://aims.local/agents/no-oauth", null)]
    [InlineData("spiffe://aims.local/tools/search", null)]
    public void ScopeCeiling_FirstMatchingRule_ItsOAuthScopes(string agent, string? expected)
    {
        Assert.Equal(expected, PolicyEvaluator.ScopeCeiling(Policy, SpiffeId.Parse(agent)));
    }

    [Fact]
    public void ScopeCeiling_BuiltInDefault_NoScopesUntilAnOperatorNamesSome()
    {
        var trustDomain = TrustDomain.Parse("aims.local");

        Assert.Equal(string.Empty, PolicyEvaluator.ScopeCeiling(BuiltInPolicies.Default(trustDomain), trustDomain.NewId("/agents/a")));
    }
}
