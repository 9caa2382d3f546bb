using Aims.Core.Identity;
using Aims.Core.Policy;

namespace Aims.Core.Tests.Policy;

public sealed class PolicyParserToJsonTests
{
    [Fact]
    public void ToJson_MinimalDocument_WritesCanonicalFormWithDefaults()
    {
        var document = Parse("""{ "rules": [ { "match": "spiffe://aims.local/x" } ] }""");

        var json = PolicyParser.ToJson(document);

        Assert.Equal(
            """
            {
              "rules": [
                {
                  "match": "spiffe://aims.local/x",
                  "attestation": {
                    "allowed": [
                      "join_token"
                    ],
                    "required": []
                  },
                  "x509_svid_ttl_seconds": 3600,
                  "jwt_svid_ttl_seconds": 300,
                  "wit_ttl_seconds": 1800,
                  "audiences": []
                }
              ]
            }
            """,
            json);
    }

    [Theory]
    [InlineData("""{"rules":[]}""")]
    [InlineData("""{"description":"","rules":[]}""")]
    [InlineData("""{"description":"quotes \" backslash \\ newline \n tab \t caf\u00e9 \ud83d\ude00 <html> & +","rules":[]}""")]
    [InlineData("""
        {
          "description": "two rules",
          "rules": [
            {
              "match": "spiffe://aims.local/agents/high-risk/**",
              "attestation": { "allowed": ["join_token", "tpm", "k8s_psat"], "required": ["tpm", "k8s_psat"] },
              "x509_svid_ttl_seconds": 86400,
              "jwt_svid_ttl_seconds": 3600,
              "wit_ttl_seconds": 60,
              "audiences": ["https://api.example.com", "spiffe://aims.local/*", "*"]
            },
            { "match": "spiffe://aims.local" }
          ]
        }
        """)]
    public void ToJson_ParsedDocument_ReadsBackEqual(string source)
    {
        var document = Parse(source);

        var json = PolicyParser.ToJson(document);

        Assert.True(PolicyParser.TryParse(json, out var reread, out var error), error);
        Assert.Equal(document, reread);
        Assert.Equal(json, PolicyParser.ToJson(reread));
    }

    [Fact]
    public void ToJson_DescriptionWithEscapes_KeepsExactText()
    {
        var document = new PolicyDocument("line 1\nline \"2\" caf\u00E9 \uD83D\uDE00", []);

        Assert.True(PolicyParser.TryParse(PolicyParser.ToJson(document), out var reread, out _));

        Assert.Equal(document.Description, reread.Description);
    }

    [Fact]
    public void ToJson_BuiltInDefault_ReadsBackEqual()
    {
        var document = BuiltInPolicies.Default(TrustDomain.Parse("aims.local"));

        Assert.True(PolicyParser.TryParse(PolicyParser.ToJson(document), out var reread, out var error), error);

        Assert.Equal(document, reread);
    }

    [Fact]
    public void ToJson_NullDescription_LeavesMemberOut()
    {
        var json = PolicyParser.ToJson(new PolicyDocument(null, []));

        Assert.DoesNotContain("description", json, StringComparison.Ordinal);
    }

    [Fact]
    public void ToJson_TtlOutOfRange_ThrowsWithParserError()
    {
        var document = new PolicyDocument(null, [Rule() with { JwtSvidTtl = TimeSpan.FromHours(2) }]);

        var ex = Assert.Throws<ArgumentException>(() => PolicyParser.ToJson(document));

        Assert.StartsWith("rules[0].jwt_svid_ttl_seconds must be between 60 and 3600; got 7200.", ex.Message, StringComparison.Ordinal);
        Assert.Equal("document", ex.ParamName);
    }

    [Fact]
    public void ToJson_FractionalTtl_ThrowsNamingTheMember()
    {
        var document = new PolicyDocument(null, [Rule() with { X509SvidTtl = TimeSpan.FromSeconds(90.5) }]);

        var ex = Assert.Throws<ArgumentException>(() => PolicyParser.ToJson(document));

        Assert.StartsWith("rules[0].x509_svid_ttl_seconds must be a whole number of seconds; got 90.5.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToJson_RequiredTypeNotAllowed_Throws()
    {
        var document = new PolicyDocument(null, [Rule() with { Attestation = new AttestationRequirement(["join_token"], ["tpm"]) }]);

        var ex = Assert.Throws<ArgumentException>(() => PolicyParser.ToJson(document));

        Assert.StartsWith("rules[0].attestation.required requires 'tpm'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToJson_RuleWithOAuth_WritesEveryOAuthMemberAfterAudiences()
    {
        var document = Parse("""{ "rules": [ { "match": "spiffe://aims.local/x", "oauth": { "scopes": ["read"] } } ] }""");

        var json = PolicyParser.ToJson(document);

        Assert.Equal(
            """
            {
              "rules": [
                {
                  "match": "spiffe://aims.local/x",
                  "attestation": {
                    "allowed": [
                      "join_token"
                    ],
                    "required": []
                  },
                  "x509_svid_ttl_seconds": 3600,
                  "jwt_svid_ttl_seconds": 300,
                  "wit_ttl_seconds": 1800,
                  "audiences": [],
                  "oauth": {
                    "scopes": [
                      "read"
                    ],
                    "resources": [],
                    "access_token_ttl_seconds": 300,
                    "refresh_token_ttl_seconds": 86400,
                    "delegation": {
                      "allowed": false,
                      "max_depth": 3,
                      "impersonation": false
                    },
                    "users": []
                  }
                }
              ]
            }
            """,
            json);
    }

    [Theory]
    [InlineData("""{"rules":[{"match":"spiffe://aims.local/x","oauth":{}}]}""")]
    [InlineData("""
        {
          "rules": [
            {
              "match": "spiffe://aims.local/agents/*",
              "audiences": ["*"],
              "oauth": {
                "scopes": ["read:reports", "write:tickets", "*"],
                "resources": ["https://api.example.com", "spiffe://aims.local/tools/*"],
                "access_token_ttl_seconds": 3600,
                "refresh_token_ttl_seconds": 2592000,
                "delegation": { "allowed": true, "max_depth": 8, "impersonation": true },
                "users": ["alice", "group:analysts", "*"]
              }
            },
            { "match": "spiffe://aims.local/**" }
          ]
        }
        """)]
    public void ToJson_DocumentWithOAuth_ReadsBackEqual(string source)
    {
        var document = Parse(source);

        var json = PolicyParser.ToJson(document);

        Assert.True(PolicyParser.TryParse(json, out var reread, out var error), error);
        Assert.Equal(document, reread);
        Assert.Equal(document.Rules[0].OAuth, reread.Rules[0].OAuth);
        Assert.Equal(json, PolicyParser.ToJson(reread));
    }

    [Fact]
    public void ToJson_RuleWithoutOAuth_LeavesMemberOut()
    {
        var json = PolicyParser.ToJson(new PolicyDocument(null, [Rule()]));

        Assert.DoesNotContain("oauth", json, StringComparison.Ordinal);
    }

    [Fact]
    public void ToJson_OAuthBuiltInCode_ReadsBackEqual()
    {
        var document = new PolicyDocument(null, [Rule() with { OAuth = OAuth() }]);

        Assert.True(PolicyParser.TryParse(PolicyParser.ToJson(document), out var reread, out var error), error);

        Assert.Equal(document, reread);
    }

    [Theory]
    [InlineData(0, false, "rules[0].oauth.delegation.max_depth must be between 1 and 8; got 0.")]
    [InlineData(9, false, "rules[0].oauth.delegation.max_depth must be between 1 and 8; got 9.")]
    [InlineData(3, true, "rules[0].oauth.delegation.impersonation is true, but rules[0].oauth.delegation.allowed is false;")]
    public void ToJson_InvalidDelegation_ThrowsWithParserError(int maxDepth, bool impersonation, string expectedStart)
    {
        var document = new PolicyDocument(null, [Rule() with { OAuth = OAuth() with { Delegation = new DelegationRule(false, maxDepth, impersonation) } }]);

        var ex = Assert.Throws<ArgumentException>(() => PolicyParser.ToJson(document));

        Assert.StartsWith(expectedStart, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToJson_AccessTokenTtlOutOfRange_ThrowsWithParserError()
    {
        var document = new PolicyDocument(null, [Rule() with { OAuth = OAuth() with { AccessTokenTtl = TimeSpan.FromHours(2) } }]);

        var ex = Assert.Throws<ArgumentException>(() => PolicyParser.ToJson(document));

        Assert.StartsWith("rules[0].oauth.access_token_ttl_seconds must be between 60 and 3600; got 7200.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToJson_InvalidScope_ThrowsWithParserError()
    {
        var document = new PolicyDocument(null, [Rule() with { OAuth = OAuth() with { Scopes = ["read reports"] } }]);

        var ex = Assert.Throws<ArgumentException>(() => PolicyParser.ToJson(document));

        Assert.StartsWith("rules[0].oauth.scopes[0] 'read reports' is not a scope token", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToJson_Null_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => PolicyParser.ToJson(null!));
    }

    private static PolicyRule Rule() => new(
        SpiffeIdPattern.Parse("spiffe://aims.local/x"),
        new AttestationRequirement(["join_token"], []),
        TimeSpan.FromHours(1),
        TimeSpan.FromMinutes(5),
        TimeSpan.FromMinutes(30),
        []);

    private static OAuthRule OAuth() => new(
        ["read:reports"],
        ["https://api.example.com"],
        TimeSpan.FromMinutes(5),
        TimeSpan.FromDays(1),
        new DelegationRule(true, 3, false),
        ["alice"]);

    private static PolicyDocument Parse(string json)
    {
        Assert.True(PolicyParser.TryParse(json, out var document, out var error), error);
        return document;
    }
}
