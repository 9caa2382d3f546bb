using Aims.Core.Identity;
using Aims.Core.OAuth;
using Aims.Core.Policy;

namespace Aims.Core.Tests.Policy;

public sealed class ChainingPolicyTests
{
    private const string PartnerB = "https://as.b.example";
    private static readonly SpiffeId Researcher = SpiffeId.Parse("spiffe://a.example/agents/research/librarian");

    private static PolicyDocument Parse(string oauthExtra)
    {
        var json = $$$"""
            {"rules":[{"match":"spiffe://a.example/agents/research/*","oauth":{"scopes":["tools.read","tools.write"],"resources":["https://api.a.example/*"]{{{oauthExtra}}}}}]}
            """;
        Assert.True(PolicyParser.TryParse(json, out var document, out var error), error);
        return document!;
    }

    private static ChainingPolicyDecision Evaluate(PolicyDocument policy, string requested, string subject = "tools.read tools.write", string partner = PartnerB) =>
        PolicyEvaluator.EvaluateChaining(policy, new ChainingPolicyRequest(Researcher, partner, ScopeSet.Parse(requested), ScopeSet.Parse(subject)));

    [Fact]
    public void Parse_ChainingSection_ReadsPartnersAndScopesAndRoundTrips()
    {
        var document = Parse(""","chaining":{"partners":["https://as.b.example"],"scopes":["tools.read"]}""");

        var chaining = document.Rules[0].OAuth!.Chaining!;
        Assert.Equal([PartnerB], chaining.Partners);
        Assert.Equal(["tools.read"], chaining.Scopes);
        Assert.True(PolicyParser.TryParse(PolicyParser.ToJson(document), out var reread, out _));
        Assert.Equal(document, reread);
    }

    [Fact]
    public void Parse_NoScopes_AnyScopeOfTheSubjectToken() =>
        Assert.Equal(["*"], Parse(""","chaining":{"partners":["https://as.b.example"]}""").Rules[0].OAuth!.Chaining!.Scopes);

    [Theory]
    [InlineData(""","chaining":{}""", "partners")]
    [InlineData(""","chaining":{"partners":[]}""", "partners")]
    [InlineData(""","chaining":{"partners":["https://as.b.example"],"refresh":true}""", "refresh")]
    [InlineData(""","chaining":{"partners":["https://as.b.example"],"scopes":["bad\"scope"]}""", "scopes")]
    [InlineData(""","chaining":true""", "chaining")]
    public void Parse_BadSection_NamesTheMember(string extra, string member)
    {
        var json = $$$"""{"rules":[{"match":"spiffe://a.example/**","oauth":{"scopes":["a"]{{{extra}}}}}]}""";

        Assert.False(PolicyParser.TryParse(json, out _, out var error));
        Assert.Contains(member, error, StringComparison.Ordinal);
    }

    [Fact]
    public void ToJson_WithoutChaining_WritesNoSection() =>
        Assert.DoesNotContain("chaining", PolicyParser.ToJson(Parse(string.Empty)), StringComparison.Ordinal);

    [Fact]
    public void Evaluate_NoSection_DeniedNotAuthorized()
    {
        var decision = Evaluate(Parse(string.Empty), "tools.read");

        Assert.False(decision.Allowed);
        Assert.Equal(TokenDenial.NotAuthorized, decision.Denial);
        Assert.Contains("no oauth.chaining section", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_AgentNoRuleMatches_Denied()
    {
        var decision = PolicyEvaluator.EvaluateChaining(Parse(""","chaining":{"partners":["https://as.b.example"]}"""),
            new ChainingPolicyRequest(SpiffeId.Parse("spiffe://a.example/agents/sales/bot"), PartnerB, ScopeSet.Empty, ScopeSet.Parse("tools.read")));

        Assert.False(decision.Allowed);
        Assert.Equal(TokenDenial.NotAuthorized, decision.Denial);
    }

    [Fact]
    public void Evaluate_PartnerNotListed_DeniedResource()
    {
        var decision = Evaluate(Parse(""","chaining":{"partners":["https://as.b.example"]}"""), "tools.read", partner: "https://as.c.example");

        Assert.Equal(TokenDenial.Resource, decision.Denial);
        Assert.Contains("oauth.chaining.partners", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_PartnerPattern_Allowed() =>
        Assert.True(Evaluate(Parse(""","chaining":{"partners":["https://as.b.example*"]}"""), "tools.read", partner: "https://as.b.example/tenant").Allowed);

    [Fact]
    public void Evaluate_ScopeBeyondTheSubjectToken_DeniedScope()
    {
        var decision = Evaluate(Parse(""","chaining":{"partners":["https://as.b.example"]}"""), "tools.write", subject: "tools.read");

        Assert.Equal(TokenDenial.Scope, decision.Denial);
        Assert.Contains("not in the subject token", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_ExplicitScopeBeyondTheCeiling_DeniedScope()
    {
        var decision = Evaluate(Parse(""","chaining":{"partners":["https://as.b.example"],"scopes":["tools.read"]}"""), "tools.write");

        Assert.Equal(TokenDenial.Scope, decision.Denial);
        Assert.Contains("oauth.chaining.scopes", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_NoScopeAsked_SubjectScopeNarrowedToTheCeiling()
    {
        var decision = Evaluate(Parse(""","chaining":{"partners":["https://as.b.example"],"scopes":["tools.read"]}"""), string.Empty);

        Assert.True(decision.Allowed, decision.Reason);
        Assert.Equal(ScopeSet.Parse("tools.read"), decision.GrantedScopes);
    }

    [Fact]
    public void Evaluate_NarrowerScopeAsked_GrantedAsAsked()
    {
        var decision = Evaluate(Parse(""","chaining":{"partners":["https://as.b.example"]}"""), "tools.write");

        Assert.True(decision.Allowed, decision.Reason);
        Assert.Equal(ScopeSet.Parse("tools.write"), decision.GrantedScopes);
    }

    [Fact]
    public void Evaluate_NothingOfTheSubjectTokenWithinTheCeiling_DeniedScope() =>
        Assert.Equal(TokenDenial.Scope,
            Evaluate(Parse(""","chaining":{"partners":["https://as.b.example"],"scopes":["tools.read"]}"""), string.Empty, subject: "tools.write").Denial);
}
