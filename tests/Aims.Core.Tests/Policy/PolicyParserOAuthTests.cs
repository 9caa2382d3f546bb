using Aims.Core.Policy;

namespace Aims.Core.Tests.Policy;

public sealed class PolicyParserOAuthTests
{
    private const string FullDocument = """
        {
          "rules": [
            {
              "match": "spiffe://aims.local/agents/*",
              "audiences": ["https://api.example.com"],
              "oauth": {
                "scopes": ["read:reports", "write:tickets"],
                "resources": ["https://api.example.com", "spiffe://aims.local/tools/*"],
                "access_token_ttl_seconds": 600,
                "refresh_token_ttl_seconds": 3600,
                "delegation": { "allowed": true, "max_depth": 2, "impersonation": true },
                "users": ["alice", "group:analysts"]
              }
            }
          ]
        }
        """;

    [Fact]
    public void TryParse_FullOAuthSection_ReadsEveryMember()
    {
        Assert.True(PolicyParser.TryParse(FullDocument, out var document, out var error), error);

        var oauth = document.Rules[0].OAuth;
        Assert.NotNull(oauth);
        Assert.Equal(["read:reports", "write:tickets"], oauth.Scopes);
        Assert.Equal(["https://api.example.com", "spiffe://aims.local/tools/*"], oauth.Resources);
        Assert.Equal(TimeSpan.FromSeconds(600), oauth.AccessTokenTtl);
        Assert.Equal(TimeSpan.FromSeconds(3600), oauth.RefreshTokenTtl);
        Assert.Equal(new DelegationRule(true, 2, true), oauth.Delegation);
        Assert.Equal(["alice", "group:analysts"], oauth.Users);
        Assert.Equal(["https://api.example.com"], document.Rules[0].Audiences);
    }

    [Fact]
    public void TryParse_RuleWithoutOAuth_HasNoOAuthSection()
    {
        Assert.True(PolicyParser.TryParse("""{"rules":[{"match":"spiffe://aims.local/x","audiences":["*"]}]}""", out var document, out var error), error);

        Assert.Null(document.Rules[0].OAuth);
    }

    [Fact]
    public void TryParse_EmptyOAuthObject_TakesDefaults()
    {
        Assert.True(PolicyParser.TryParse("""{"rules":[{"match":"spiffe://aims.local/x","oauth":{}}]}""", out var document, out var error), error);

        var oauth = document.Rules[0].OAuth;
        Assert.NotNull(oauth);
        Assert.Empty(oauth.Scopes);
        Assert.Empty(oauth.Resources);
        Assert.Equal(TimeSpan.FromSeconds(300), oauth.AccessTokenTtl);
        Assert.Equal(TimeSpan.FromSeconds(86400), oauth.RefreshTokenTtl);
        Assert.Equal(new DelegationRule(false, 3, false), oauth.Delegation);
        Assert.Empty(oauth.Users);
    }

    [Fact]
    public void TryParse_DelegationWithOnlyAllowed_KeepsDefaultDepthAndNoImpersonation()
    {
        const string json = """{"rules":[{"match":"spiffe://aims.local/x","oauth":{"delegation":{"allowed":true}}}]}""";

        Assert.True(PolicyParser.TryParse(json, out var document, out var error), error);

        Assert.Equal(new DelegationRule(true, 3, false), document.Rules[0].OAuth!.Delegation);
    }

    [Fact]
    public void TryParse_ParsedOAuthLists_CannotBeMutatedThroughCasts()
    {
        Assert.True(PolicyParser.TryParse(FullDocument, out var document, out _));

        var oauth = document.Rules[0].OAuth!;
        Assert.True(((ICollection<string>)oauth.Scopes).IsReadOnly);
        Assert.True(((ICollection<string>)oauth.Resources).IsReadOnly);
        Assert.True(((ICollection<string>)oauth.Users).IsReadOnly);
    }

    [Fact]
    public void TryParse_SameOAuthTwice_RulesEqualWithSameHash()
    {
        Assert.True(PolicyParser.TryParse(FullDocument, out var a, out _));
        Assert.True(PolicyParser.TryParse(FullDocument, out var b, out _));

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    [Theory]
    [InlineData("""{"scopes":["read:reports"]}""")]
    [InlineData("""{"resources":["https://api.example.com"]}""")]
    [InlineData("""{"access_token_ttl_seconds":600}""")]
    [InlineData("""{"refresh_token_ttl_seconds":600}""")]
    [InlineData("""{"delegation":{"allowed":true}}""")]
    [InlineData("""{"users":["alice"]}""")]
    public void TryParse_OAuthDiffersInOneMember_RulesNotEqual(string oauth)
    {
        Assert.True(PolicyParser.TryParse("""{"rules":[{"match":"spiffe://aims.local/x","oauth":{}}]}""", out var defaults, out _));
        Assert.True(PolicyParser.TryParse(WithOAuth(oauth), out var other, out var error), error);

        Assert.NotEqual(defaults.Rules[0], other.Rules[0]);
    }

    [Fact]
    public void TryParse_OAuthSectionVersusNone_RulesNotEqual()
    {
        Assert.True(PolicyParser.TryParse("""{"rules":[{"match":"spiffe://aims.local/x","oauth":{}}]}""", out var withOAuth, out _));
        Assert.True(PolicyParser.TryParse("""{"rules":[{"match":"spiffe://aims.local/x"}]}""", out var without, out _));

        Assert.NotEqual(withOAuth, without);
        Assert.NotEqual(without, withOAuth);
    }

    [Theory]
    // Section shape.
    [InlineData("""null""", "rules[0].oauth must be an object; got null.")]
    [InlineData("""[]""", "rules[0].oauth must be an object; got an array.")]
    [InlineData("""{"scope":[]}""",
        "rules[0].oauth.scope is not a known member; known members here: scopes, resources, access_token_ttl_seconds, refresh_token_ttl_seconds, delegation, users, transactions, chaining.")]
    [InlineData("""{"scopes":[],"scopes":[]}""", "rules[0].oauth.scopes appears more than once.")]
    // Scopes.
    [InlineData("""{"scopes":"read"}""", "rules[0].oauth.scopes must be an array of strings; got a string.")]
    [InlineData("""{"scopes":[1]}""", "rules[0].oauth.scopes[0] must be a string; got a number.")]
    [InlineData("""{"scopes":["read","read"]}""", "rules[0].oauth.scopes lists 'read' more than once.")]
    [InlineData("""{"scopes":["read reports"]}""",
        "rules[0].oauth.scopes[0] 'read reports' is not a scope token; use one or more printable ASCII characters other than space, '\"' and '\\' (RFC 6749 §3.3).")]
    [InlineData("""{"scopes":["read",""]}""",
        "rules[0].oauth.scopes[1] '' is not a scope token; use one or more printable ASCII characters other than space, '\"' and '\\' (RFC 6749 §3.3).")]
    // Resources.
    [InlineData("""{"resources":{}}""", "rules[0].oauth.resources must be an array of strings; got an object.")]
    [InlineData("""{"resources":[""]}""", "rules[0].oauth.resources[0] must not be empty.")]
    [InlineData("""{"resources":["https://*.example.com"]}""",
        "rules[0].oauth.resources[0] 'https://*.example.com' has \"*\" before its end; \"*\" is only allowed as the last character (a prefix match).")]
    [InlineData("""{"resources":["a","a"]}""", "rules[0].oauth.resources lists 'a' more than once.")]
    // Lifetimes.
    [InlineData("""{"access_token_ttl_seconds":"300"}""", "rules[0].oauth.access_token_ttl_seconds must be a whole number of seconds; got a string.")]
    [InlineData("""{"access_token_ttl_seconds":300.5}""", "rules[0].oauth.access_token_ttl_seconds must be a whole number of seconds; got 300.5.")]
    [InlineData("""{"refresh_token_ttl_seconds":null}""", "rules[0].oauth.refresh_token_ttl_seconds must be a whole number of seconds; got null.")]
    // Delegation.
    [InlineData("""{"delegation":true}""", "rules[0].oauth.delegation must be an object; got a boolean.")]
    [InlineData("""{"delegation":{"depth":2}}""",
        "rules[0].oauth.delegation.depth is not a known member; known members here: allowed, max_depth, impersonation, may_act.")]
    [InlineData("""{"delegation":{"allowed":"yes"}}""", "rules[0].oauth.delegation.allowed must be true or false; got a string.")]
    [InlineData("""{"delegation":{"allowed":null}}""", "rules[0].oauth.delegation.allowed must be true or false; got null.")]
    [InlineData("""{"delegation":{"allowed":true,"impersonation":1}}""", "rules[0].oauth.delegation.impersonation must be true or false; got a number.")]
    [InlineData("""{"delegation":{"allowed":true,"max_depth":"3"}}""", "rules[0].oauth.delegation.max_depth must be a whole number; got a string.")]
    [InlineData("""{"delegation":{"allowed":true,"max_depth":2.5}}""", "rules[0].oauth.delegation.max_depth must be a whole number; got 2.5.")]
    [InlineData("""{"delegation":{"allowed":true,"max_depth":99999999999999999999}}""",
        "rules[0].oauth.delegation.max_depth must be a whole number; got 99999999999999999999.")]
    [InlineData("""{"delegation":{"impersonation":true}}""",
        "rules[0].oauth.delegation.impersonation is true, but rules[0].oauth.delegation.allowed is false; impersonation is a form of delegation, so allow delegation too or drop impersonation.")]
    [InlineData("""{"delegation":{"allowed":false,"impersonation":true}}""",
        "rules[0].oauth.delegation.impersonation is true, but rules[0].oauth.delegation.allowed is false; impersonation is a form of delegation, so allow delegation too or drop impersonation.")]
    // Users.
    [InlineData("""{"users":"alice"}""", "rules[0].oauth.users must be an array of strings; got a string.")]
    [InlineData("""{"users":[""]}""", "rules[0].oauth.users[0] must not be empty.")]
    [InlineData("""{"users":["alice","alice"]}""", "rules[0].oauth.users lists 'alice' more than once.")]
    [InlineData("""{"users":["group:"]}""", "rules[0].oauth.users[0] 'group:' names no group; write group:name.")]
    [InlineData("""{"users":["group:*"]}""",
        "rules[0].oauth.users[0] 'group:*' contains \"*\"; \"*\" is only allowed as a whole entry, meaning any user.")]
    [InlineData("""{"users":["ali*"]}""",
        "rules[0].oauth.users[0] 'ali*' contains \"*\"; \"*\" is only allowed as a whole entry, meaning any user.")]
    public void TryParse_InvalidOAuth_ReturnsErrorWithJsonPath(string oauth, string expectedError)
    {
        var json = WithOAuth(oauth);

        Assert.False(PolicyParser.TryParse(json, out var document, out var error));

        Assert.Null(document);
        Assert.Equal(expectedError, error);
    }

    [Fact]
    public void TryParse_InvalidOAuthInSecondRule_NamesThatRule()
    {
        const string json = """{"rules":[{"match":"spiffe://aims.local/a"},{"match":"spiffe://aims.local/b","oauth":{"scopes":["a\"b"]}}]}""";

        Assert.False(PolicyParser.TryParse(json, out _, out var error));

        Assert.StartsWith("rules[1].oauth.scopes[0] 'a\"b' is not a scope token", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("access_token_ttl_seconds", 59, false)]
    [InlineData("access_token_ttl_seconds", 60, true)]
    [InlineData("access_token_ttl_seconds", 3600, true)]
    [InlineData("access_token_ttl_seconds", 3601, false)]
    [InlineData("refresh_token_ttl_seconds", 299, false)]
    [InlineData("refresh_token_ttl_seconds", 300, true)]
    [InlineData("refresh_token_ttl_seconds", 2592000, true)]
    [InlineData("refresh_token_ttl_seconds", 2592001, false)]
    [InlineData("refresh_token_ttl_seconds", 0, false)]
    public void TryParse_TokenTtlAtBounds_AcceptsOnlyTheAllowedRange(string member, long seconds, bool valid)
    {
        var json = WithOAuth($$"""{"{{member}}":{{seconds}}}""");
        var (min, max) = member == "access_token_ttl_seconds" ? (60, 3600) : (300, 2592000);

        var parsed = PolicyParser.TryParse(json, out _, out var error);

        Assert.Equal(valid, parsed);
        if (!valid)
            Assert.Equal($"rules[0].oauth.{member} must be between {min} and {max}; got {seconds}.", error);
    }

    [Theory]
    [InlineData(-1, false)]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(8, true)]
    [InlineData(9, false)]
    public void TryParse_MaxDepthAtBounds_AcceptsOneToEight(int depth, bool valid)
    {
        var json = WithOAuth($$"""{"delegation":{"allowed":true,"max_depth":{{depth}}""" + "}}");

        var parsed = PolicyParser.TryParse(json, out var document, out var error);

        Assert.Equal(valid, parsed);
        if (valid)
            Assert.Equal(depth, document!.Rules[0].OAuth!.Delegation.MaxDepth);
        else
            Assert.Equal($"rules[0].oauth.delegation.max_depth must be between 1 and 8; got {depth}.", error);
    }

    [Theory]
    [InlineData("read:reports")]
    [InlineData("*")]
    [InlineData("read:*")]
    [InlineData("!")]
    [InlineData("~")]
    [InlineData("https://api.example.com/scope#x?y=[z]")]
    public void TryParse_ScopeOfNqChars_Accepted(string scope)
    {
        var json = WithOAuth($$"""{"scopes":["{{scope}}"]}""");

        Assert.True(PolicyParser.TryParse(json, out var document, out var error), error);

        Assert.Equal([scope], document.Rules[0].OAuth!.Scopes);
    }

    [Theory]
    [InlineData("\\\"")]
    [InlineData("\\\\")]
    [InlineData(" ")]
    [InlineData("read\\treports")]
    [InlineData("\\u007f")]
    [InlineData("caf\\u00e9")]
    [InlineData("\\u0000")]
    public void TryParse_ScopeOutsideNqChars_Refused(string escapedScope)
    {
        var json = WithOAuth($$"""{"scopes":["{{escapedScope}}"]}""");

        Assert.False(PolicyParser.TryParse(json, out _, out var error));

        Assert.StartsWith("rules[0].oauth.scopes[0] '", error, StringComparison.Ordinal);
        Assert.EndsWith("is not a scope token; use one or more printable ASCII characters other than space, '\"' and '\\' (RFC 6749 §3.3).", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("scopes", 256, true)]
    [InlineData("scopes", 257, false)]
    [InlineData("resources", 256, true)]
    [InlineData("resources", 257, false)]
    public void TryParse_ListAtLimit_AcceptsAtMost256(string member, int count, bool valid)
    {
        var values = Enumerable.Range(0, count).Select(i => $"\"v{i}\"");
        var json = WithOAuth($$"""{"{{member}}":[{{string.Join(',', values)}}]}""");

        var parsed = PolicyParser.TryParse(json, out _, out var error);

        Assert.Equal(valid, parsed);
        if (!valid)
            Assert.Equal($"rules[0].oauth.{member} has 257 entries; the limit is 256.", error);
    }

    [Fact]
    public void TryParse_TooManyScopes_ReportsCountBeforeBadEntries()
    {
        var values = Enumerable.Repeat("\"bad scope\"", 257);
        var json = WithOAuth($$"""{"scopes":[{{string.Join(',', values)}}]}""");

        Assert.False(PolicyParser.TryParse(json, out _, out var error));

        Assert.Equal("rules[0].oauth.scopes has 257 entries; the limit is 256.", error);
    }

    [Theory]
    [InlineData("*")]
    [InlineData("alice")]
    [InlineData("group:analysts")]
    [InlineData("alice@example.com")]
    [InlineData("00u1ab2cd3EF4gh5ij6k")]
    public void TryParse_UserEntry_Accepted(string user)
    {
        var json = WithOAuth($$"""{"users":["{{user}}"]}""");

        Assert.True(PolicyParser.TryParse(json, out var document, out var error), error);

        Assert.Equal([user], document.Rules[0].OAuth!.Users);
    }

    private static string WithOAuth(string oauth) => """{"rules":[{"match":"spiffe://aims.local/x","oauth":""" + oauth + "}]}";
}
