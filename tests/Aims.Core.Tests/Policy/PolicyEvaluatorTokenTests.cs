using Aims.Core.Identity;
using Aims.Core.Policy;

namespace Aims.Core.Tests.Policy;

public sealed class PolicyEvaluatorTokenTests
{
    private const string Reporter = "spiffe://aims.local/agents/reporter";
    private const string Admin = "spiffe://aims.local/agents/admin";
    private const string ResourceOnly = "spiffe://aims.local/agents/resource-only";
    private const string NoOAuth = "spiffe://aims.local/agents/no-oauth";
    private const string OtherAgent = "spiffe://aims.local/agents/other";

    private static readonly PolicyDocument Policy = Parse($$"""
        {
          "rules": [
            {
              "match": "{{Reporter}}",
              "oauth": {
                "scopes": ["read:reports", "write:tickets"],
                "resources": ["https://api.example.com", "spiffe://aims.local/tools/*"],
                "access_token_ttl_seconds": 600,
                "refresh_token_ttl_seconds": 7200,
                "delegation": { "allowed": true, "max_depth": 2 },
                "users": ["alice", "group:analysts"]
              }
            },
            {
              "match": "{{Admin}}",
              "oauth": {
                "scopes": ["*"],
                "resources": ["*"],
                "delegation": { "allowed": true, "max_depth": 8, "impersonation": true },
                "users": ["*"]
              }
            },
            { "match": "{{ResourceOnly}}", "oauth": { "resources": ["https://api.example.com"] } },
            { "match": "{{NoOAuth}}", "audiences": ["*"] },
            { "match": "spiffe://aims.local/agents/*", "oauth": { "scopes": ["read:reports"], "resources": ["https://api.example.com"] } }
          ]
        }
        """);

    [Theory]
    [InlineData(Reporter, 0)]
    [InlineData(Admin, 1)]
    [InlineData(ResourceOnly, 2)]
    [InlineData(NoOAuth, 3)]
    [InlineData(OtherAgent, 4)]
    public void EvaluateToken_Client_FirstMatchingRuleDecides(string client, int expectedIndex)
    {
        var decision = PolicyEvaluator.EvaluateToken(Policy, Request(client, []));

        Assert.Equal(expectedIndex, decision.RuleIndex);
    }

    [Theory]
    [InlineData("spiffe://other.local/agents/reporter")]
    [InlineData("spiffe://aims.local/tools/search")]
    public void EvaluateToken_NoRuleMatches_DeniesWithoutRule(string client)
    {
        var decision = PolicyEvaluator.EvaluateToken(Policy, Request(client, ["read:reports"]));

        Assert.False(decision.Allowed);
        Assert.Null(decision.RuleIndex);
        Assert.Empty(decision.GrantedScopes);
        Assert.Equal($"no rule matches {client} (checked 5 rules); an ID no rule matches is denied", decision.Reason);
    }

    [Fact]
    public void EvaluateToken_RuleWithoutOAuthSection_Denies()
    {
        var decision = PolicyEvaluator.EvaluateToken(Policy, Request(NoOAuth, ["read:reports"]));

        Assert.False(decision.Allowed);
        Assert.Equal(3, decision.RuleIndex);
        Assert.Equal("rule 3 (spiffe://aims.local/agents/no-oauth) grants no access tokens: it has no oauth section", decision.Reason);
        Assert.Empty(decision.GrantedScopes);
        Assert.Equal(TimeSpan.Zero, decision.AccessTokenTtl);
        Assert.Equal(TimeSpan.Zero, decision.RefreshTokenTtl);
    }

    [Fact]
    public void EvaluateToken_RuleWithoutOAuthSection_DeniesEvenAnEmptyRequest()
    {
        var decision = PolicyEvaluator.EvaluateToken(Policy, Request(NoOAuth, []));

        Assert.False(decision.Allowed);
        Assert.StartsWith("rule 3 (spiffe://aims.local/agents/no-oauth) grants no access tokens", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void EvaluateToken_OAuthSectionAllowingNothing_Denies()
    {
        var policy = Parse("""{"rules":[{"match":"spiffe://aims.local/x","oauth":{"delegation":{"allowed":true},"users":["*"]}}]}""");

        var decision = PolicyEvaluator.EvaluateToken(policy, Request("spiffe://aims.local/x", []));

        Assert.False(decision.Allowed);
        Assert.Equal("rule 0 (spiffe://aims.local/x) grants no access tokens: its oauth section allows no scopes and no resources", decision.Reason);
    }

    [Fact]
    public void EvaluateToken_AllowedRequest_ReportsScopesRuleAndTtls()
    {
        var decision = PolicyEvaluator.EvaluateToken(Policy, Request(Reporter, ["read:reports"], ["https://api.example.com"]));

        Assert.True(decision.Allowed, decision.Reason);
        Assert.Equal(["read:reports"], decision.GrantedScopes);
        Assert.Equal(0, decision.RuleIndex);
        Assert.Equal(TimeSpan.FromSeconds(600), decision.AccessTokenTtl);
        Assert.Equal(TimeSpan.FromSeconds(7200), decision.RefreshTokenTtl);
        Assert.Equal(
            "rule 0 (spiffe://aims.local/agents/reporter) matches spiffe://aims.local/agents/reporter and allows an access token with scopes read:reports",
            decision.Reason);
    }

    [Fact]
    public void EvaluateToken_RuleWithDefaultTtls_ReportsDefaults()
    {
        var decision = PolicyEvaluator.EvaluateToken(Policy, Request(OtherAgent, ["read:reports"]));

        Assert.True(decision.Allowed, decision.Reason);
        Assert.Equal(TimeSpan.FromSeconds(300), decision.AccessTokenTtl);
        Assert.Equal(TimeSpan.FromSeconds(86400), decision.RefreshTokenTtl);
    }

    [Theory]
    [InlineData("read:reports", "read:reports", "")]
    [InlineData("read:reports,write:tickets", "read:reports,write:tickets", "")]
    [InlineData("write:tickets,read:reports", "read:reports,write:tickets", "")]
    [InlineData("read:reports,read:reports", "read:reports", "")]
    [InlineData("read:reports,delete:reports", "read:reports", "delete:reports")]
    [InlineData("zz,write:tickets,aa", "write:tickets", "aa, zz")]
    public void EvaluateToken_RequestedScopes_IntersectedWithCeiling(string requested, string granted, string dropped)
    {
        var decision = PolicyEvaluator.EvaluateToken(Policy, Request(Reporter, requested.Split(',')));

        Assert.True(decision.Allowed, decision.Reason);
        Assert.Equal(granted.Split(','), decision.GrantedScopes);
        if (dropped.Length == 0)
            Assert.DoesNotContain("dropped", decision.Reason, StringComparison.Ordinal);
        else
            Assert.EndsWith($"; dropped scopes it does not allow: {dropped}", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void EvaluateToken_NoRequestedScopeAllowed_DeniesNamingThem()
    {
        var decision = PolicyEvaluator.EvaluateToken(Policy, Request(Reporter, ["write:reports", "admin", "admin"]));

        Assert.False(decision.Allowed);
        Assert.Empty(decision.GrantedScopes);
        Assert.Equal(0, decision.RuleIndex);
        Assert.Equal(
            "none of the requested scopes 'admin', 'write:reports' is allowed by rule 0 (spiffe://aims.local/agents/reporter); allowed: read:reports, write:tickets",
            decision.Reason);
    }

    [Fact]
    public void EvaluateToken_ScopeUnderRuleWithNoScopes_DeniesSayingNoneAllowed()
    {
        var decision = PolicyEvaluator.EvaluateToken(Policy, Request(ResourceOnly, ["read:reports"], ["https://api.example.com"]));

        Assert.False(decision.Allowed);
        Assert.Equal(
            "none of the requested scopes 'read:reports' is allowed by rule 2 (spiffe://aims.local/agents/resource-only); allowed: none (the rule allows no scopes)",
            decision.Reason);
    }

    [Fact]
    public void EvaluateToken_NoScopeRequested_AllowsWithNoScopes()
    {
        var decision = PolicyEvaluator.EvaluateToken(Policy, Request(ResourceOnly, [], ["https://api.example.com"]));

        Assert.True(decision.Allowed, decision.Reason);
        Assert.Empty(decision.GrantedScopes);
        Assert.EndsWith("allows an access token with no scopes", decision.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("anything")]
    [InlineData("write:everything")]
    [InlineData("https://api.example.com/scope")]
    public void EvaluateToken_StarScope_GrantsAnyValidScope(string scope)
    {
        var decision = PolicyEvaluator.EvaluateToken(Policy, Request(Admin, [scope]));

        Assert.True(decision.Allowed, decision.Reason);
        Assert.Equal([scope], decision.GrantedScopes);
    }

    [Theory]
    [InlineData("")]
    [InlineData("read reports")]
    [InlineData("a\"b")]
    [InlineData("caf\u00e9")]
    public void EvaluateToken_InvalidScopeToken_DeniesEvenUnderStar(string scope)
    {
        var decision = PolicyEvaluator.EvaluateToken(Policy, Request(Admin, ["read", scope]));

        Assert.False(decision.Allowed);
        Assert.Equal(
            $"scope '{scope}' is not a valid scope token (RFC 6749 §3.3) and is not allowed by rule 1 (spiffe://aims.local/agents/admin)",
            decision.Reason);
    }

    [Theory]
    [InlineData("https://api.example.com", true)]
    [InlineData("https://api.example.com/", false)]
    [InlineData("https://API.example.com", false)]
    [InlineData("spiffe://aims.local/tools/", true)]
    [InlineData("spiffe://aims.local/tools/search", true)]
    [InlineData("spiffe://aims.local/tools", false)]
    [InlineData("spiffe://aims.local/agents/x", false)]
    public void EvaluateToken_Resource_MatchesExactOrPrefix(string resource, bool allowed)
    {
        var decision = PolicyEvaluator.EvaluateToken(Policy, Request(Reporter, ["read:reports"], [resource]));

        Assert.Equal(allowed, decision.Allowed);
        if (!allowed)
        {
            Assert.Equal(
                $"resource '{resource}' is not allowed by rule 0 (spiffe://aims.local/agents/reporter); allowed: https://api.example.com, spiffe://aims.local/tools/*",
                decision.Reason);
        }
    }

    [Fact]
    public void EvaluateToken_OneOfSeveralResourcesNotAllowed_Denies()
    {
        var decision = PolicyEvaluator.EvaluateToken(Policy, Request(Reporter, ["read:reports"], ["https://api.example.com", "https://evil.example"]));

        Assert.False(decision.Allowed);
        Assert.StartsWith("resource 'https://evil.example' is not allowed by rule 0", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void EvaluateToken_ResourceUnderRuleWithNoResources_DeniesSayingNoneAllowed()
    {
        var policy = Parse("""{"rules":[{"match":"spiffe://aims.local/x","oauth":{"scopes":["read"]}}]}""");

        var decision = PolicyEvaluator.EvaluateToken(policy, Request("spiffe://aims.local/x", ["read"], ["https://api.example.com"]));

        Assert.False(decision.Allowed);
        Assert.Equal("resource 'https://api.example.com' is not allowed by rule 0 (spiffe://aims.local/x); allowed: none (the rule allows no resources)", decision.Reason);
    }

    [Fact]
    public void EvaluateToken_EmptyResource_DeniesEvenUnderStar()
    {
        var decision = PolicyEvaluator.EvaluateToken(Policy, Request(Admin, ["read"], [""]));

        Assert.False(decision.Allowed);
        Assert.Equal("an empty resource is not allowed by rule 1 (spiffe://aims.local/agents/admin)", decision.Reason);
    }

    [Theory]
    [InlineData(Reporter, 0, true)]
    [InlineData(Reporter, 1, true)]
    [InlineData(Reporter, 2, true)]
    [InlineData(Reporter, 3, false)]
    [InlineData(Admin, 8, true)]
    [InlineData(Admin, 9, false)]
    [InlineData(OtherAgent, 0, true)]
    [InlineData(OtherAgent, 1, false)]
    public void EvaluateToken_ActorDepth_AllowedUpToMaxDepthWhenDelegationAllowed(string client, int depth, bool allowed)
    {
        var decision = PolicyEvaluator.EvaluateToken(Policy, Request(client, ["read:reports"]) with { ActorDepth = depth });

        Assert.Equal(allowed, decision.Allowed);
    }

    [Fact]
    public void EvaluateToken_ActChainTooDeep_DeniesNamingDepths()
    {
        var decision = PolicyEvaluator.EvaluateToken(Policy, Request(Reporter, ["read:reports"]) with { ActorDepth = 3 });

        Assert.Equal("an act chain of depth 3 exceeds the max_depth 2 of rule 0 (spiffe://aims.local/agents/reporter)", decision.Reason);
    }

    [Fact]
    public void EvaluateToken_DelegationNotAllowed_DeniesSayingSo()
    {
        var decision = PolicyEvaluator.EvaluateToken(Policy, Request(OtherAgent, ["read:reports"]) with { ActorDepth = 1 });

        Assert.Equal(
            "rule 4 (spiffe://aims.local/agents/*) does not allow delegation, but the token would carry an act chain of depth 1",
            decision.Reason);
    }

    [Theory]
    [InlineData(Reporter, false)]
    [InlineData(OtherAgent, false)]
    [InlineData(Admin, true)]
    public void EvaluateToken_Impersonation_AllowedOnlyWhereRuleAllowsIt(string client, bool allowed)
    {
        var decision = PolicyEvaluator.EvaluateToken(Policy, Request(client, ["read:reports"]) with { Impersonation = true });

        Assert.Equal(allowed, decision.Allowed);
        if (!allowed)
            Assert.EndsWith("does not allow impersonation", decision.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Reporter, "alice", "", true)]
    [InlineData(Reporter, "Alice", "", false)]
    [InlineData(Reporter, "bob", "", false)]
    [InlineData(Reporter, "bob", "analysts", true)]
    [InlineData(Reporter, "bob", "engineers,analysts", true)]
    [InlineData(Reporter, "bob", "Analysts", false)]
    [InlineData(Reporter, "group:analysts", "", false)]
    [InlineData(Admin, "anyone", "", true)]
    [InlineData(OtherAgent, "alice", "", false)]
    public void EvaluateToken_User_AllowedOnlyWhenListedByIdGroupOrStar(string client, string user, string groups, bool allowed)
    {
        var request = Request(client, ["read:reports"]) with
        {
            User = user,
            UserGroups = groups.Length == 0 ? [] : groups.Split(','),
        };

        var decision = PolicyEvaluator.EvaluateToken(Policy, request);

        Assert.Equal(allowed, decision.Allowed);
    }

    [Fact]
    public void EvaluateToken_UserNotListed_DeniesNamingAllowedUsers()
    {
        var decision = PolicyEvaluator.EvaluateToken(Policy, Request(Reporter, ["read:reports"]) with { User = "bob" });

        Assert.Equal("user 'bob' may not delegate under rule 0 (spiffe://aims.local/agents/reporter); allowed: alice, group:analysts", decision.Reason);
    }

    [Fact]
    public void EvaluateToken_UserUnderRuleWithNoUsers_DeniesSayingNoneAllowed()
    {
        var decision = PolicyEvaluator.EvaluateToken(Policy, Request(OtherAgent, ["read:reports"]) with { User = "alice" });

        Assert.Equal("user 'alice' may not delegate under rule 4 (spiffe://aims.local/agents/*); allowed: none (the rule allows no user delegation)", decision.Reason);
    }

    [Fact]
    public void EvaluateToken_EmptyUser_DeniesEvenUnderStar()
    {
        var decision = PolicyEvaluator.EvaluateToken(Policy, Request(Admin, ["read"]) with { User = "" });

        Assert.False(decision.Allowed);
        Assert.Equal("an empty user is not allowed by rule 1 (spiffe://aims.local/agents/admin)", decision.Reason);
    }

    [Fact]
    public void EvaluateToken_FullDelegatedRequest_Allows()
    {
        var request = new TokenPolicyRequest(
            SpiffeId.Parse(Reporter), ["read:reports", "write:tickets"], ["spiffe://aims.local/tools/search"], ActorDepth: 2, User: "carol")
        {
            UserGroups = ["analysts"],
        };

        var decision = PolicyEvaluator.EvaluateToken(Policy, request);

        Assert.True(decision.Allowed, decision.Reason);
        Assert.Equal(["read:reports", "write:tickets"], decision.GrantedScopes);
    }

    [Fact]
    public void EvaluateToken_ScopeAndResourceBothWrong_ReportsScopeFirst()
    {
        var decision = PolicyEvaluator.EvaluateToken(Policy, Request(Reporter, ["admin"], ["https://evil.example"]));

        Assert.StartsWith("none of the requested scopes 'admin'", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void EvaluateToken_GrantedScopes_CannotBeMutatedThroughCasts()
    {
        var decision = PolicyEvaluator.EvaluateToken(Policy, Request(Reporter, ["read:reports"]));

        Assert.True(((ICollection<string>)decision.GrantedScopes).IsReadOnly);
    }

    [Fact]
    public void EvaluateToken_InvalidArguments_Throw()
    {
        var request = Request(Reporter, ["read:reports"]);

        Assert.Throws<ArgumentNullException>(() => PolicyEvaluator.EvaluateToken(null!, request));
        Assert.Throws<ArgumentNullException>(() => PolicyEvaluator.EvaluateToken(Policy, null!));
        Assert.Throws<ArgumentNullException>(() => PolicyEvaluator.EvaluateToken(Policy, request with { Client = null! }));
        Assert.Throws<ArgumentNullException>(() => PolicyEvaluator.EvaluateToken(Policy, request with { RequestedScopes = null! }));
        Assert.Throws<ArgumentNullException>(() => PolicyEvaluator.EvaluateToken(Policy, request with { Resources = null! }));
        Assert.Throws<ArgumentNullException>(() => PolicyEvaluator.EvaluateToken(Policy, request with { UserGroups = null! }));
        Assert.Throws<ArgumentOutOfRangeException>(() => PolicyEvaluator.EvaluateToken(Policy, request with { ActorDepth = -1 }));
    }

    [Theory]
    [InlineData(true, "allowed: why")]
    [InlineData(false, "denied: why")]
    public void TokenPolicyDecisionToString_AnyDecision_StatesOutcomeAndReason(bool allowed, string expected)
    {
        Assert.Equal(expected, new TokenPolicyDecision(allowed, "why", [], TimeSpan.Zero, TimeSpan.Zero, null).ToString());
    }

    private static TokenPolicyRequest Request(string client, string[] scopes, string[]? resources = null) =>
        new(SpiffeId.Parse(client), scopes, resources ?? []);

    private static PolicyDocument Parse(string json)
    {
        if (!PolicyParser.TryParse(json, out var document, out var error))
            throw new InvalidOperationException(error);
        return document;
    }
}
