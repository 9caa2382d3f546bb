using Aims.Core.Identity;
using Aims.Core.Policy;

namespace Aims.Core.Tests.Transactions;

public sealed class TransactionPolicyTests
{
    private static readonly SpiffeId Gateway = SpiffeId.Parse("spiffe://example.org/tools/gateway");

    private static PolicyDocument Parse(string oauthExtra)
    {
        var json = $$$"""
            {"rules":[{"match":"spiffe://example.org/**","oauth":{"scopes":["read:reports"],"resources":["https://api.example.org/*"]{{{oauthExtra}}}}}]}
            """;
        Assert.True(PolicyParser.TryParse(json, out var document, out var error), error);
        return document!;
    }

    [Fact]
    public void Parse_TransactionsSection_ReadsTtlAndAudiencesAndRoundTrips()
    {
        var document = Parse(""","transactions":{"ttl_seconds":120,"subject_audiences":["https://api.example.org/*"]}""");

        var transactions = document.Rules[0].OAuth!.Transactions!;
        Assert.Equal(TimeSpan.FromSeconds(120), transactions.Ttl);
        Assert.Equal(["https://api.example.org/*"], transactions.SubjectAudiences);
        Assert.True(PolicyParser.TryParse(PolicyParser.ToJson(document), out var reread, out _));
        Assert.Equal(document, reread);
    }

    [Fact]
    public void Parse_EmptySection_TakesTheDefaults()
    {
        var transactions = Parse(""","transactions":{}""").Rules[0].OAuth!.Transactions!;

        Assert.Equal(TransactionRule.DefaultTtl, transactions.Ttl);
        Assert.Empty(transactions.SubjectAudiences);
    }

    [Theory]
    [InlineData(""","transactions":{"ttl_seconds":3600}""", "ttl_seconds")]
    [InlineData(""","transactions":{"replace":true}""", "replace")]
    [InlineData(""","transactions":true""", "transactions")]
    public void Parse_BadSection_NamesTheMember(string extra, string member)
    {
        var json = $$$"""{"rules":[{"match":"spiffe://example.org/**","oauth":{"scopes":["a"]{{{extra}}}}}]}""";

        Assert.False(PolicyParser.TryParse(json, out _, out var error));
        Assert.Contains(member, error, StringComparison.Ordinal);
    }

    [Fact]
    public void ToJson_WithoutTransactions_WritesNoSection() =>
        Assert.DoesNotContain("transactions", PolicyParser.ToJson(Parse(string.Empty)), StringComparison.Ordinal);

    [Fact]
    public void Evaluate_NoSection_Denies()
    {
        var decision = PolicyEvaluator.EvaluateTransaction(Parse(string.Empty), new TransactionPolicyRequest(Gateway, null));

        Assert.False(decision.Allowed);
        Assert.Contains("oauth.transactions", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_TokenAddressedToTheWorkload_IsAllowedWithTheTtl()
    {
        var decision = PolicyEvaluator.EvaluateTransaction(Parse(""","transactions":{"ttl_seconds":60}"""),
            new TransactionPolicyRequest(Gateway, [Gateway.ToString()]));

        Assert.True(decision.Allowed, decision.Reason);
        Assert.Equal(TimeSpan.FromSeconds(60), decision.Ttl);
    }

    [Fact]
    public void Evaluate_TokenForAListedAudience_IsAllowed() =>
        Assert.True(PolicyEvaluator.EvaluateTransaction(Parse(""","transactions":{"subject_audiences":["https://api.example.org/*"]}"""),
            new TransactionPolicyRequest(Gateway, ["https://api.example.org/reports"])).Allowed);

    [Fact]
    public void Evaluate_TokenForAnotherAudience_IsDenied()
    {
        var decision = PolicyEvaluator.EvaluateTransaction(Parse(""","transactions":{}"""),
            new TransactionPolicyRequest(Gateway, ["https://api.example.org/reports"]));

        Assert.False(decision.Allowed);
        Assert.Contains("only tokens addressed to itself", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_Replacement_NeedsOnlyTheSection() =>
        Assert.True(PolicyEvaluator.EvaluateTransaction(Parse(""","transactions":{}"""), new TransactionPolicyRequest(Gateway, null)).Allowed);
}
