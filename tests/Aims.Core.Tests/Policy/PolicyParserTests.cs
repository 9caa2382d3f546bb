using System.Text;
using Aims.Core.Policy;

namespace Aims.Core.Tests.Policy;

public sealed class PolicyParserTests
{
    private const string FullDocument = """
        {
          "description": "agents in production",
          "rules": [
            {
              "match": "spiffe://aims.local/agents/high-risk/*",
              "attestation": { "allowed": ["join_token", "tpm", "k8s_psat"], "required": ["tpm", "k8s_psat"] },
              "x509_svid_ttl_seconds": 900,
              "jwt_svid_ttl_seconds": 60,
              "wit_ttl_seconds": 600,
              "audiences": ["https://api.example.com"]
            },
            {
              "match": "spiffe://aims.local/agents/*",
              "audiences": ["https://api.example.com", "spiffe://aims.local/*"]
            }
          ]
        }
        """;

    [Fact]
    public void TryParse_FullDocument_ReadsEveryMember()
    {
        Assert.True(PolicyParser.TryParse(FullDocument, out var document, out var error), error);

        Assert.Null(error);
        Assert.Equal("agents in production", document.Description);
        Assert.Equal(2, document.Rules.Count);
        var rule = document.Rules[0];
        Assert.Equal("spiffe://aims.local/agents/high-risk/*", rule.Match.ToString());
        Assert.Equal(["join_token", "tpm", "k8s_psat"], rule.Attestation.Allowed);
        Assert.Equal(["tpm", "k8s_psat"], rule.Attestation.Required);
        Assert.Equal(TimeSpan.FromSeconds(900), rule.X509SvidTtl);
        Assert.Equal(TimeSpan.FromSeconds(60), rule.JwtSvidTtl);
        Assert.Equal(TimeSpan.FromSeconds(600), rule.WitTtl);
        Assert.Equal(["https://api.example.com"], rule.Audiences);
        Assert.Equal(["https://api.example.com", "spiffe://aims.local/*"], document.Rules[1].Audiences);
    }

    [Fact]
    public void TryParse_RuleWithOnlyMatch_TakesDefaults()
    {
        Assert.True(PolicyParser.TryParse("""{"rules":[{"match":"spiffe://aims.local/x"}]}""", out var document, out var error), error);

        Assert.Null(document.Description);
        var rule = Assert.Single(document.Rules);
        Assert.Equal(["join_token"], rule.Attestation.Allowed);
        Assert.Empty(rule.Attestation.Required);
        Assert.Equal(TimeSpan.FromSeconds(3600), rule.X509SvidTtl);
        Assert.Equal(TimeSpan.FromSeconds(300), rule.JwtSvidTtl);
        Assert.Equal(TimeSpan.FromSeconds(1800), rule.WitTtl);
        Assert.Empty(rule.Audiences);
    }

    [Fact]
    public void TryParse_AttestationWithOnlyRequired_KeepsDefaultAllowed()
    {
        const string json = """{"rules":[{"match":"spiffe://aims.local/x","attestation":{"required":["join_token"]}}]}""";

        Assert.True(PolicyParser.TryParse(json, out var document, out var error), error);

        Assert.Equal(new AttestationRequirement(["join_token"], ["join_token"]), document.Rules[0].Attestation);
    }

    [Fact]
    public void TryParse_NoRules_ReadsPolicyThatDeniesEverything()
    {
        Assert.True(PolicyParser.TryParse("""{"rules":[]}""", out var document, out var error), error);

        Assert.Empty(document.Rules);
    }

    [Fact]
    public void TryParse_ParsedLists_CannotBeMutatedThroughCasts()
    {
        Assert.True(PolicyParser.TryParse(FullDocument, out var document, out _));

        Assert.True(((ICollection<PolicyRule>)document.Rules).IsReadOnly);
        Assert.True(((ICollection<string>)document.Rules[0].Audiences).IsReadOnly);
        Assert.True(((ICollection<string>)document.Rules[0].Attestation.Allowed).IsReadOnly);
    }

    [Theory]
    // Document shape.
    [InlineData("""[]""", "the policy document must be an object; got an array.")]
    [InlineData("""null""", "the policy document must be an object; got null.")]
    [InlineData("""{}""", "rules is required.")]
    [InlineData("""{"rules":{}}""", "rules must be an array of rules; got an object.")]
    [InlineData("""{"rules":[],"rule":[]}""", "rule is not a known member; known members here: description, rules.")]
    [InlineData("""{"rules":[],"rules":[]}""", "rules appears more than once.")]
    [InlineData("""{"description":5,"rules":[]}""", "description must be a string; got a number.")]
    [InlineData("""{"description":null,"rules":[]}""", "description must be a string; got null.")]
    [InlineData("""{"rules":[5]}""", "rules[0] must be an object; got a number.")]
    // Rule members.
    [InlineData("""{"rules":[{}]}""", "rules[0].match is required.")]
    [InlineData("""{"rules":[{"match":""}]}""", "rules[0].match must not be empty.")]
    [InlineData("""{"rules":[{"match":null}]}""", "rules[0].match must be a string; got null.")]
    [InlineData("""{"rules":[{"match":"spiffe://aims.local/a*"}]}""",
        "rules[0].match is not a valid SPIFFE ID pattern: SPIFFE ID pattern segment 'a*' mixes \"*\" with other characters; a wildcard must be a whole segment (\"*\" or a final \"**\").")]
    [InlineData("""{"rules":[{"match":"spiffe://aims.local/"}]}""",
        "rules[0].match is not a valid SPIFFE ID pattern: SPIFFE ID path must not end with \"/\" (SPIFFE-ID §2.2).")]
    [InlineData("""{"rules":[{"match":"spiffe://aims.local/x","atestation":{}}]}""",
        "rules[0].atestation is not a known member; known members here: match, attestation, x509_svid_ttl_seconds, jwt_svid_ttl_seconds, wit_ttl_seconds, audiences, oauth.")]
    [InlineData("""{"rules":[{"match":"spiffe://aims.local/x","match":"spiffe://aims.local/y"}]}""", "rules[0].match appears more than once.")]
    [InlineData("""{"rules":[{"match":"spiffe://aims.local/a"},{"match":"spiffe://aims.local/b","jwt_svid_ttl_seconds":7200}]}""",
        "rules[1].jwt_svid_ttl_seconds must be between 60 and 3600; got 7200.")]
    // TTL types.
    [InlineData("""{"rules":[{"match":"spiffe://aims.local/x","x509_svid_ttl_seconds":"3600"}]}""",
        "rules[0].x509_svid_ttl_seconds must be a whole number of seconds; got a string.")]
    [InlineData("""{"rules":[{"match":"spiffe://aims.local/x","x509_svid_ttl_seconds":3600.5}]}""",
        "rules[0].x509_svid_ttl_seconds must be a whole number of seconds; got 3600.5.")]
    [InlineData("""{"rules":[{"match":"spiffe://aims.local/x","wit_ttl_seconds":1e3}]}""",
        "rules[0].wit_ttl_seconds must be a whole number of seconds; got 1e3.")]
    [InlineData("""{"rules":[{"match":"spiffe://aims.local/x","wit_ttl_seconds":true}]}""",
        "rules[0].wit_ttl_seconds must be a whole number of seconds; got a boolean.")]
    [InlineData("""{"rules":[{"match":"spiffe://aims.local/x","jwt_svid_ttl_seconds":null}]}""",
        "rules[0].jwt_svid_ttl_seconds must be a whole number of seconds; got null.")]
    // Attestation.
    [InlineData("""{"rules":[{"match":"spiffe://aims.local/x","attestation":[]}]}""",
        "rules[0].attestation must be an object; got an array.")]
    [InlineData("""{"rules":[{"match":"spiffe://aims.local/x","attestation":{"alowed":[]}}]}""",
        "rules[0].attestation.alowed is not a known member; known members here: allowed, required.")]
    [InlineData("""{"rules":[{"match":"spiffe://aims.local/x","attestation":{"allowed":[]}}]}""",
        "rules[0].attestation.allowed must not be empty.")]
    [InlineData("""{"rules":[{"match":"spiffe://aims.local/x","attestation":{"allowed":"join_token"}}]}""",
        "rules[0].attestation.allowed must be an array of strings; got a string.")]
    [InlineData("""{"rules":[{"match":"spiffe://aims.local/x","attestation":{"allowed":[1]}}]}""",
        "rules[0].attestation.allowed[0] must be a string; got a number.")]
    [InlineData("""{"rules":[{"match":"spiffe://aims.local/x","attestation":{"allowed":["join_token","Join_Token"]}}]}""",
        "rules[0].attestation.allowed[1] 'Join_Token' is not an attestation type name; use 1 to 64 characters of a-z, 0-9, '_', '-' and '.'.")]
    [InlineData("""{"rules":[{"match":"spiffe://aims.local/x","attestation":{"allowed":[""]}}]}""",
        "rules[0].attestation.allowed[0] '' is not an attestation type name; use 1 to 64 characters of a-z, 0-9, '_', '-' and '.'.")]
    [InlineData("""{"rules":[{"match":"spiffe://aims.local/x","attestation":{"allowed":["join_token","join_token"]}}]}""",
        "rules[0].attestation.allowed lists 'join_token' more than once.")]
    [InlineData("""{"rules":[{"match":"spiffe://aims.local/x","attestation":{"required":["tpm"]}}]}""",
        "rules[0].attestation.required requires 'tpm', which rules[0].attestation.allowed does not allow, so the rule could never be satisfied.")]
    // Audiences.
    [InlineData("""{"rules":[{"match":"spiffe://aims.local/x","audiences":"*"}]}""",
        "rules[0].audiences must be an array of strings; got a string.")]
    [InlineData("""{"rules":[{"match":"spiffe://aims.local/x","audiences":[""]}]}""",
        "rules[0].audiences[0] must not be empty.")]
    [InlineData("""{"rules":[{"match":"spiffe://aims.local/x","audiences":["https://*.example.com"]}]}""",
        "rules[0].audiences[0] 'https://*.example.com' has \"*\" before its end; \"*\" is only allowed as the last character (a prefix match).")]
    [InlineData("""{"rules":[{"match":"spiffe://aims.local/x","audiences":["a","b","a"]}]}""",
        "rules[0].audiences lists 'a' more than once.")]
    // Strings that are valid JSON but not valid UTF-16.
    [InlineData("""{"description":"\uD800","rules":[]}""", "description contains an invalid UTF-16 escape (an unpaired surrogate).")]
    [InlineData("""{"\uDC00":1,"rules":[]}""", "the policy document contains an invalid UTF-16 escape (an unpaired surrogate).")]
    public void TryParse_InvalidDocument_ReturnsErrorWithJsonPath(string json, string expectedError)
    {
        Assert.False(PolicyParser.TryParse(json, out var document, out var error));

        Assert.Null(document);
        Assert.Equal(expectedError, error);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("""{"rules":[],}""")]
    [InlineData("""{"rules":[]} {}""")]
    [InlineData("// comment\n{\"rules\":[]}")]
    [InlineData("""{'rules':[]}""")]
    [InlineData("""{"rules":[{"match":"spiffe://aims.local/x","attestation":{"allowed":[[[[[[["a"]]]]]]]}}]}""")]
    public void TryParse_MalformedJson_SaysSo(string json)
    {
        Assert.False(PolicyParser.TryParse(json, out _, out var error));

        Assert.StartsWith("policy document is not valid JSON: ", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("x509_svid_ttl_seconds", 59, false)]
    [InlineData("x509_svid_ttl_seconds", 60, true)]
    [InlineData("x509_svid_ttl_seconds", 86400, true)]
    [InlineData("x509_svid_ttl_seconds", 86401, false)]
    [InlineData("jwt_svid_ttl_seconds", 59, false)]
    [InlineData("jwt_svid_ttl_seconds", 60, true)]
    [InlineData("jwt_svid_ttl_seconds", 3600, true)]
    [InlineData("jwt_svid_ttl_seconds", 3601, false)]
    [InlineData("wit_ttl_seconds", 59, false)]
    [InlineData("wit_ttl_seconds", 60, true)]
    [InlineData("wit_ttl_seconds", 86400, true)]
    [InlineData("wit_ttl_seconds", 86401, false)]
    [InlineData("wit_ttl_seconds", 0, false)]
    [InlineData("wit_ttl_seconds", -60, false)]
    public void TryParse_TtlAtBounds_AcceptsOnlyTheAllowedRange(string member, long seconds, bool valid)
    {
        var json = $$"""{"rules":[{"match":"spiffe://aims.local/x","{{member}}":{{seconds}}}]}""";
        var max = member == "jwt_svid_ttl_seconds" ? 3600 : 86400;

        var parsed = PolicyParser.TryParse(json, out _, out var error);

        Assert.Equal(valid, parsed);
        if (!valid)
            Assert.Equal($"rules[0].{member} must be between 60 and {max}; got {seconds}.", error);
    }

    [Fact]
    public void TryParse_Exactly64KiB_Succeeds()
    {
        var json = DocumentOfBytes(PolicyLimits.MaxDocumentBytes);

        Assert.True(PolicyParser.TryParse(json, out _, out var error), error);
    }

    [Fact]
    public void TryParse_OneByteOver64KiB_FailsWithSize()
    {
        var json = DocumentOfBytes(PolicyLimits.MaxDocumentBytes + 1);

        Assert.False(PolicyParser.TryParse(json, out _, out var error));

        Assert.Equal("policy document is 65537 bytes; the limit is 65536 bytes (64 KiB).", error);
    }

    [Fact]
    public void TryParse_Over64KiBInUtf8ButFewerCharacters_CountsBytes()
    {
        var json = "{\"description\":\"" + new string('\u00E9', 33_000) + "\",\"rules\":[]}";

        Assert.True(json.Length < PolicyLimits.MaxDocumentBytes);
        Assert.False(PolicyParser.TryParse(json, out _, out var error));
        Assert.Equal("policy document is 66029 bytes; the limit is 65536 bytes (64 KiB).", error);
    }

    [Fact]
    public void TryParse_1000Rules_Succeeds()
    {
        Assert.True(PolicyParser.TryParse(DocumentWithRules(PolicyLimits.MaxRules), out var document, out var error), error);

        Assert.Equal(1000, document.Rules.Count);
    }

    [Fact]
    public void TryParse_1001Rules_FailsWithCount()
    {
        Assert.False(PolicyParser.TryParse(DocumentWithRules(PolicyLimits.MaxRules + 1), out _, out var error));

        Assert.Equal("rules has 1001 rules; the limit is 1000.", error);
    }

    [Fact]
    public void TryParse_SameTextTwice_DocumentsEqualWithSameHash()
    {
        Assert.True(PolicyParser.TryParse(FullDocument, out var a, out _));
        Assert.True(PolicyParser.TryParse(FullDocument, out var b, out _));

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    [Fact]
    public void TryParse_RulesInOtherOrder_DocumentsNotEqual()
    {
        const string ab = """{"rules":[{"match":"spiffe://aims.local/a"},{"match":"spiffe://aims.local/b"}]}""";
        const string ba = """{"rules":[{"match":"spiffe://aims.local/b"},{"match":"spiffe://aims.local/a"}]}""";

        Assert.True(PolicyParser.TryParse(ab, out var first, out _));
        Assert.True(PolicyParser.TryParse(ba, out var second, out _));

        Assert.NotEqual(first, second);
    }

    [Fact]
    public void TryParse_Null_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => PolicyParser.TryParse(null!, out _, out _));
    }

    /// <summary>A valid document padded through its description to exactly <paramref name="bytes"/> UTF-8 bytes.</summary>
    private static string DocumentOfBytes(int bytes)
    {
        const string head = "{\"description\":\"";
        const string tail = "\",\"rules\":[]}";
        var json = head + new string('a', bytes - head.Length - tail.Length) + tail;
        Assert.Equal(bytes, Encoding.UTF8.GetByteCount(json));
        return json;
    }

    private static string DocumentWithRules(int count)
    {
        var rules = Enumerable.Range(0, count).Select(i => $$"""{"match":"spiffe://aims.local/r{{i}}"}""");
        return $$"""{"rules":[{{string.Join(',', rules)}}]}""";
    }
}
