using Aims.Core.Identity;
using Aims.Core.Policy;

namespace Aims.Core.Tests.Policy;

/// <summary><c>oauth.delegation.may_act</c>: who may act for an agent (RFC 8693 §4.4), parsed, written and evaluated.</summary>
public sealed class PolicyMayActTests
{
    private const string A = "spiffe://aims.local/agents/a";
    private const string B = "spiffe://aims.local/agents/b";
    private const string C = "spiffe://partner.example/agents/c";

    private static string Document(string mayAct, string match = "spiffe://aims.local/agents/*") => $$"""
        {
          "rules": [
            {
              "match": "{{match}}",
              "oauth": {
                "scopes": ["read:reports"],
                "resources": ["https://api.example.com"],
                "delegation": { "may_act": {{mayAct}} }
              }
            }
          ]
        }
        """;

    private static PolicyDocument Parse(string json)
    {
        Assert.True(PolicyParser.TryParse(json, out var document, out var error), error);
        return document;
    }

    private static string Refusal(string json)
    {
        Assert.False(PolicyParser.TryParse(json, out _, out var error));
        return error;
    }

    [Fact]
    public void TryParse_MayAct_ExactSpiffeIdsOfAnyTrustDomainInOrder()
    {
        var delegation = Parse(Document($"""["{B}", "{C}"]""")).Rules[0].OAuth!.Delegation;

        Assert.Equal([SpiffeId.Parse(B), SpiffeId.Parse(C)], delegation.MayAct);
        Assert.False(delegation.Allowed);
    }

    [Fact]
    public void TryParse_MayActAbsent_Empty()
    {
        var oauth = Parse("""{"rules":[{"match":"spiffe://aims.local/x","oauth":{"scopes":["r"],"delegation":{"allowed":true}}}]}""").Rules[0].OAuth!;

        Assert.Empty(oauth.Delegation.MayAct);
    }

    [Fact]
    public void TryParse_MayActWithWildcard_RefusedNamingThePath()
    {
        var error = Refusal(Document("""["spiffe://aims.local/agents/*"]"""));

        Assert.StartsWith("rules[0].oauth.delegation.may_act[0] 'spiffe://aims.local/agents/*' contains \"*\"", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"agent-b\"")]
    [InlineData("\"spiffe://aims.local/agents/b/\"")]
    [InlineData("\"https://aims.local/agents/b\"")]
    public void TryParse_MayActNotASpiffeId_Refused(string value)
    {
        Assert.Contains("is not a SPIFFE ID", Refusal(Document($"[{value}]")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"" + B + "\"", "must be an array of strings")]
    [InlineData("[\"" + B + "\", \"" + B + "\"]", "more than once")]
    [InlineData("[42]", "must be a string")]
    public void TryParse_MayActMalformed_Refused(string value, string expected)
    {
        Assert.Contains(expected, Refusal(Document(value)), StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_MayActTooLong_Refused()
    {
        var ids = string.Join(", ", Enumerable.Range(0, PolicyLimits.MaxMayAct + 1).Select(i => $"\"spiffe://aims.local/agents/b{i}\""));

        Assert.Contains($"the limit is {PolicyLimits.MaxMayAct}", Refusal(Document($"[{ids}]")), StringComparison.Ordinal);
    }

    [Fact]
    public void ToJson_WithMayAct_WrittenAndReadsBackEqual()
    {
        var document = Parse(Document($"""["{B}"]"""));

        var json = PolicyParser.ToJson(document);

        Assert.Contains($"\"may_act\": [\n", json, StringComparison.Ordinal);
        Assert.Equal(document, Parse(json));
    }

    [Fact]
    public void ToJson_WithoutMayAct_NotWrittenSoOlderDocumentsKeepTheirDigest()
    {
        var json = PolicyParser.ToJson(Parse(Document("[]")));

        Assert.DoesNotContain("may_act", json, StringComparison.Ordinal);
    }

    [Fact]
    public void DelegationRule_Equality_ComparesMayActByValue()
    {
        var one = new DelegationRule(true, 2, false) { MayAct = [SpiffeId.Parse(B)] };
        var same = new DelegationRule(true, 2, false) { MayAct = [SpiffeId.Parse(B)] };

        Assert.Equal(one, same);
        Assert.Equal(one.GetHashCode(), same.GetHashCode());
        Assert.NotEqual(one, new DelegationRule(true, 2, false));
        Assert.NotEqual(one, new DelegationRule(true, 2, false) { MayAct = [SpiffeId.Parse(C)] });
    }

    [Fact]
    public void EvaluateToken_OnePermittedActor_DecisionCarriesItForMayAct()
    {
        var decision = PolicyEvaluator.EvaluateToken(Parse(Document($"""["{B}"]""")), new TokenPolicyRequest(SpiffeId.Parse(A), ["read:reports"], []));

        Assert.True(decision.Allowed, decision.Reason);
        Assert.Equal(SpiffeId.Parse(B), decision.MayAct);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("[\"" + B + "\", \"" + C + "\"]")]
    public void EvaluateToken_NoneOrSeveralPermittedActors_NoMayAct(string mayAct)
    {
        var decision = PolicyEvaluator.EvaluateToken(Parse(Document(mayAct)), new TokenPolicyRequest(SpiffeId.Parse(A), ["read:reports"], []));

        Assert.True(decision.Allowed, decision.Reason);
        Assert.Null(decision.MayAct);
    }

    [Fact]
    public void PermittedActors_FirstMatchingRule_ItsList()
    {
        var policy = Parse(Document($"""["{B}", "{C}"]"""));

        Assert.Equal([SpiffeId.Parse(B), SpiffeId.Parse(C)], PolicyEvaluator.PermittedActors(policy, SpiffeId.Parse(A)));
        Assert.Empty(PolicyEvaluator.PermittedActors(policy, SpiffeId.Parse("spiffe://other.local/agents/a")));
    }
}
