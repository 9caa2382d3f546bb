using Aims.Core.Identity;
using Aims.Core.Policy;

namespace Aims.Core.Tests.Policy;

public sealed class PolicyEvaluatorTests
{
    private const string HighRisk = "spiffe://aims.local/agents/high-risk/*";
    private const string Agents = "spiffe://aims.local/agents/*";
    private const string Everything = "spiffe://aims.local/**";

    private static readonly PolicyDocument Policy = Parse($$"""
        {
          "rules": [
            {
              "match": "{{HighRisk}}",
              "attestation": { "allowed": ["join_token", "tpm", "k8s_psat"], "required": ["tpm", "k8s_psat"] },
              "audiences": ["https://api.example.com"]
            },
            {
              "match": "{{Agents}}",
              "attestation": { "allowed": ["join_token", "k8s_psat"] },
              "x509_svid_ttl_seconds": 7200,
              "jwt_svid_ttl_seconds": 120,
              "wit_ttl_seconds": 900,
              "audiences": ["https://api.example.com", "spiffe://aims.local/*"]
            },
            { "match": "spiffe://aims.local/no-jwt" },
            { "match": "{{Everything}}", "audiences": ["*"] },
            { "match": "spiffe://aims.local/agents/shadowed", "audiences": ["*"] }
          ]
        }
        """);

    [Theory]
    [InlineData("spiffe://aims.local/agents/high-risk/a", 0)]
    [InlineData("spiffe://aims.local/agents/data-analyst", 1)]
    [InlineData("spiffe://aims.local/agents/shadowed", 1)]
    [InlineData("spiffe://aims.local/agents/high-risk", 1)]
    [InlineData("spiffe://aims.local/agents/high-risk/a/b", 3)]
    [InlineData("spiffe://aims.local/tools/search", 3)]
    [InlineData("spiffe://aims.local/no-jwt", 2)]
    public void Evaluate_Id_FirstMatchingRuleDecides(string id, int expectedIndex)
    {
        var decision = PolicyEvaluator.Evaluate(Policy, Request(id, ["join_token"]));

        Assert.Equal(expectedIndex, decision.RuleIndex);
        Assert.Same(Policy.Rules[expectedIndex], decision.Rule);
    }

    [Fact]
    public void Evaluate_AllowedRequest_ReportsRuleAndItsTtls()
    {
        var decision = PolicyEvaluator.Evaluate(Policy, Request("spiffe://aims.local/agents/data-analyst", ["join_token"], ["https://api.example.com"]));

        Assert.True(decision.Allowed, decision.Reason);
        Assert.Equal("rule 1 (spiffe://aims.local/agents/*) matches spiffe://aims.local/agents/data-analyst and allows the request", decision.Reason);
        Assert.Equal(TimeSpan.FromSeconds(7200), decision.X509SvidTtl);
        Assert.Equal(TimeSpan.FromSeconds(120), decision.JwtSvidTtl);
        Assert.Equal(TimeSpan.FromSeconds(900), decision.WitTtl);
    }

    [Theory]
    [InlineData("spiffe://other.local/agents/data-analyst")]
    [InlineData("spiffe://aims.local")]
    [InlineData("spiffe://aims.local.evil/agents/data-analyst")]
    public void Evaluate_NoRuleMatches_DeniesWithoutRule(string id)
    {
        var decision = PolicyEvaluator.Evaluate(Policy, Request(id, ["join_token"]));

        Assert.False(decision.Allowed);
        Assert.Null(decision.Rule);
        Assert.Null(decision.RuleIndex);
        Assert.Equal($"no rule matches {id} (checked 5 rules); an ID no rule matches is denied", decision.Reason);
    }

    [Fact]
    public void Evaluate_PolicyWithoutRules_Denies()
    {
        var decision = PolicyEvaluator.Evaluate(new PolicyDocument(null, []), Request("spiffe://aims.local/a", ["join_token"]));

        Assert.False(decision.Allowed);
        Assert.Null(decision.Rule);
        Assert.Equal("no rule matches spiffe://aims.local/a (checked 0 rules); an ID no rule matches is denied", decision.Reason);
    }

    [Fact]
    public void Evaluate_NoAttestationPresented_Denies()
    {
        var decision = PolicyEvaluator.Evaluate(Policy, Request("spiffe://aims.local/agents/a", []));

        Assert.False(decision.Allowed);
        Assert.Equal("rule 1 (spiffe://aims.local/agents/*) requires attestation, but none was presented; allowed: join_token, k8s_psat", decision.Reason);
        Assert.Equal(1, decision.RuleIndex);
        Assert.Same(Policy.Rules[1], decision.Rule);
    }

    [Fact]
    public void Evaluate_AttestationTypeNotAllowed_DeniesNamingIt()
    {
        var decision = PolicyEvaluator.Evaluate(Policy, Request("spiffe://aims.local/agents/a", ["join_token", "aws_iid"]));

        Assert.False(decision.Allowed);
        Assert.Equal("rule 1 (spiffe://aims.local/agents/*) does not allow attestation type 'aws_iid'; allowed: join_token, k8s_psat", decision.Reason);
    }

    [Fact]
    public void Evaluate_DefaultAttestation_DeniesOtherTypes()
    {
        var decision = PolicyEvaluator.Evaluate(Policy, Request("spiffe://aims.local/tools/a", ["k8s_psat"]));

        Assert.False(decision.Allowed);
        Assert.Equal("rule 3 (spiffe://aims.local/**) does not allow attestation type 'k8s_psat'; allowed: join_token", decision.Reason);
    }

    [Fact]
    public void Evaluate_SeveralTypesNotAllowed_NamesTheFirstInOrdinalOrder()
    {
        var types = new HashSet<string>(StringComparer.Ordinal) { "zz_type", "join_token", "aa_type" };

        var decision = PolicyEvaluator.Evaluate(Policy, new PolicyRequest(SpiffeId.Parse("spiffe://aims.local/agents/a"), types, []));

        Assert.Contains("'aa_type'", decision.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "tpm" }, "k8s_psat", "tpm")]
    [InlineData(new[] { "k8s_psat" }, "tpm", "k8s_psat")]
    [InlineData(new[] { "join_token" }, "tpm", "join_token")]
    [InlineData(new[] { "join_token", "k8s_psat" }, "tpm", "join_token, k8s_psat")]
    public void Evaluate_RequiredTypeMissing_DeniesNamingIt(string[] presented, string missing, string presentedText)
    {
        var decision = PolicyEvaluator.Evaluate(Policy, Request("spiffe://aims.local/agents/high-risk/a", presented));

        Assert.False(decision.Allowed);
        Assert.Equal(
            $"rule 0 (spiffe://aims.local/agents/high-risk/*) requires attestation type '{missing}', which was not presented; presented: {presentedText}",
            decision.Reason);
    }

    [Theory]
    [InlineData("tpm,k8s_psat")]
    [InlineData("k8s_psat,tpm,join_token")]
    public void Evaluate_AllRequiredTypesPresent_Allows(string presented)
    {
        var decision = PolicyEvaluator.Evaluate(Policy, Request("spiffe://aims.local/agents/high-risk/a", presented.Split(',')));

        Assert.True(decision.Allowed, decision.Reason);
        Assert.Equal(0, decision.RuleIndex);
    }

    [Theory]
    // Exact entries.
    [InlineData("https://api.example.com", true)]
    [InlineData("https://api.example.com/", false)]
    [InlineData("https://API.example.com", false)]
    [InlineData("https://api.example.co", false)]
    // "spiffe://aims.local/*" matches by prefix.
    [InlineData("spiffe://aims.local/", true)]
    [InlineData("spiffe://aims.local/tools/search", true)]
    [InlineData("spiffe://aims.local", false)]
    [InlineData("spiffe://aims.localhost/x", false)]
    [InlineData("spiffe://other.local/x", false)]
    public void Evaluate_Audience_MatchesExactOrPrefix(string audience, bool allowed)
    {
        var decision = PolicyEvaluator.Evaluate(Policy, Request("spiffe://aims.local/agents/a", ["join_token"], [audience]));

        Assert.Equal(allowed, decision.Allowed);
        if (!allowed)
        {
            Assert.Equal(
                $"audience '{audience}' is not allowed by rule 1 (spiffe://aims.local/agents/*); allowed: https://api.example.com, spiffe://aims.local/*",
                decision.Reason);
        }
    }

    [Fact]
    public void Evaluate_OneOfSeveralAudiencesNotAllowed_Denies()
    {
        var decision = PolicyEvaluator.Evaluate(Policy, Request("spiffe://aims.local/agents/a", ["join_token"], ["https://api.example.com", "https://evil.example"]));

        Assert.False(decision.Allowed);
        Assert.StartsWith("audience 'https://evil.example' is not allowed by rule 1", decision.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://anything.example")]
    [InlineData("spiffe://other.local/x")]
    [InlineData("urn:example:audience")]
    public void Evaluate_StarAudience_AllowsAny(string audience)
    {
        var decision = PolicyEvaluator.Evaluate(Policy, Request("spiffe://aims.local/tools/a", ["join_token"], [audience]));

        Assert.True(decision.Allowed, decision.Reason);
    }

    [Fact]
    public void Evaluate_RuleWithoutAudiences_DeniesEveryAudience()
    {
        var decision = PolicyEvaluator.Evaluate(Policy, Request("spiffe://aims.local/no-jwt", ["join_token"], ["https://api.example.com"]));

        Assert.False(decision.Allowed);
        Assert.Equal(
            "audience 'https://api.example.com' is not allowed by rule 2 (spiffe://aims.local/no-jwt); allowed: none (the rule allows no JWT-SVID audiences)",
            decision.Reason);
    }

    [Fact]
    public void Evaluate_NoAudienceRequested_PassesEvenWhenRuleAllowsNone()
    {
        var decision = PolicyEvaluator.Evaluate(Policy, Request("spiffe://aims.local/no-jwt", ["join_token"], []));

        Assert.True(decision.Allowed, decision.Reason);
        Assert.Equal(2, decision.RuleIndex);
    }

    [Fact]
    public void Evaluate_EmptyAudienceString_DeniesEvenUnderStar()
    {
        var decision = PolicyEvaluator.Evaluate(Policy, Request("spiffe://aims.local/tools/a", ["join_token"], [""]));

        Assert.False(decision.Allowed);
        Assert.Equal("an empty audience is not allowed by rule 3 (spiffe://aims.local/**)", decision.Reason);
    }

    [Fact]
    public void Evaluate_AttestationAndAudienceBothWrong_ReportsAttestationFirst()
    {
        var decision = PolicyEvaluator.Evaluate(Policy, Request("spiffe://aims.local/agents/a", ["aws_iid"], ["https://evil.example"]));

        Assert.Contains("attestation type 'aws_iid'", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_NullArguments_Throw()
    {
        var request = Request("spiffe://aims.local/a", ["join_token"]);

        Assert.Throws<ArgumentNullException>(() => PolicyEvaluator.Evaluate(null!, request));
        Assert.Throws<ArgumentNullException>(() => PolicyEvaluator.Evaluate(Policy, null!));
        Assert.Throws<ArgumentNullException>(() => PolicyEvaluator.Evaluate(Policy, request with { AttestationTypes = null! }));
        Assert.Throws<ArgumentNullException>(() => PolicyEvaluator.Evaluate(Policy, request with { Audiences = null! }));
    }

    private static PolicyRequest Request(string id, IEnumerable<string> attestationTypes, string[]? audiences = null) =>
        new(SpiffeId.Parse(id), attestationTypes.ToArray(), audiences ?? []);

    private static PolicyDocument Parse(string json)
    {
        if (!PolicyParser.TryParse(json, out var document, out var error))
            throw new InvalidOperationException(error);
        return document;
    }
}
