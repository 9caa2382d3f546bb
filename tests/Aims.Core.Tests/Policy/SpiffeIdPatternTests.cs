using Aims.Core.Identity;
using Aims.Core.Policy;

namespace Aims.Core.Tests.Policy;

public sealed class SpiffeIdPatternTests
{
    [Theory]
    [InlineData("spiffe://aims.local/agents/data-analyst", "aims.local")]
    [InlineData("spiffe://aims.local/agents/*", "aims.local")]
    [InlineData("spiffe://aims.local/**", "aims.local")]
    [InlineData("spiffe://aims.local/*/**", "aims.local")]
    [InlineData("spiffe://aims.local/*/db/*", "aims.local")]
    [InlineData("spiffe://aims.local", "aims.local")]
    [InlineData("spiffe://example.org/a_b/.c/d-e", "example.org")]
    public void TryParse_ValidPattern_KeepsTextAndTrustDomain(string text, string trustDomain)
    {
        Assert.True(SpiffeIdPattern.TryParse(text, out var pattern, out var error));

        Assert.Null(error);
        Assert.Equal(text, pattern.ToString());
        Assert.Equal(TrustDomain.Parse(trustDomain), pattern.TrustDomain);
    }

    [Theory]
    [InlineData(null, PolicyErrors.PatternEmpty)]
    [InlineData("", PolicyErrors.PatternEmpty)]
    [InlineData("spiffe://*/agents/x", PolicyErrors.PatternWildcardTrustDomain)]
    [InlineData("spiffe://*.aims.local/agents/x", PolicyErrors.PatternWildcardTrustDomain)]
    [InlineData("spiffe://**", PolicyErrors.PatternWildcardTrustDomain)]
    [InlineData("spiffe://aims.local/**/x", PolicyErrors.PatternDoubleWildcardNotLast)]
    [InlineData("spiffe://aims.local/**/**", PolicyErrors.PatternDoubleWildcardNotLast)]
    [InlineData("SPIFFE://aims.local/*", SpiffeIdErrors.SchemeNotLowercase)]
    [InlineData("http://aims.local/*", SpiffeIdErrors.WrongScheme)]
    [InlineData("*", SpiffeIdErrors.WrongScheme)]
    [InlineData("spiffe://AIMS.local/*", SpiffeIdErrors.TrustDomainNotLowercase)]
    [InlineData("spiffe://aims.local:8443/*", SpiffeIdErrors.Port)]
    [InlineData("spiffe:///agents/*", SpiffeIdErrors.MissingTrustDomain)]
    [InlineData("spiffe://aims.local/", SpiffeIdErrors.TrailingSlash)]
    [InlineData("spiffe://aims.local/*/", SpiffeIdErrors.TrailingSlash)]
    [InlineData("spiffe://aims.local//*", SpiffeIdErrors.EmptySegment)]
    [InlineData("spiffe://aims.local/../*", SpiffeIdErrors.DotSegment)]
    [InlineData("spiffe://aims.local/a?x=1", SpiffeIdErrors.Query)]
    [InlineData("spiffe://aims.local/a#f", SpiffeIdErrors.Fragment)]
    [InlineData("spiffe://aims.local/a%2Fb/*", SpiffeIdErrors.PercentEncoded)]
    public void TryParse_InvalidPattern_ReturnsRuleText(string? text, string expectedError)
    {
        Assert.False(SpiffeIdPattern.TryParse(text, out var pattern, out var error));

        Assert.Null(pattern);
        Assert.Equal(expectedError, error);
    }

    [Theory]
    [InlineData("spiffe://aims.local/a*", "a*")]
    [InlineData("spiffe://aims.local/*a", "*a")]
    [InlineData("spiffe://aims.local/***", "***")]
    [InlineData("spiffe://aims.local/agents/*?x", "*?x")]
    public void TryParse_WildcardInsideSegment_NamesTheSegment(string text, string segment)
    {
        Assert.False(SpiffeIdPattern.TryParse(text, out _, out var error));

        Assert.Equal(PolicyErrors.PatternPartialWildcard(segment), error);
    }

    [Fact]
    public void TryParse_Exactly2048Bytes_Succeeds()
    {
        var prefix = "spiffe://aims.local/";
        var text = prefix + new string('a', SpiffeId.MaxLength - prefix.Length - 3) + "/**";

        Assert.True(SpiffeIdPattern.TryParse(text, out _, out var error), error);
    }

    [Fact]
    public void TryParse_2049Bytes_FailsNamingLengthRule()
    {
        var prefix = "spiffe://aims.local/";
        var text = prefix + new string('a', SpiffeId.MaxLength - prefix.Length - 2) + "/**";

        Assert.False(SpiffeIdPattern.TryParse(text, out _, out var error));

        Assert.Equal(SpiffeIdErrors.TooLong, error);
    }

    [Fact]
    public void Parse_InvalidPattern_ThrowsFormatException()
    {
        var ex = Assert.Throws<FormatException>(() => SpiffeIdPattern.Parse("spiffe://aims.local/a*"));

        Assert.Equal(PolicyErrors.PatternPartialWildcard("a*"), ex.Message);
    }

    [Theory]
    // Exact ID: the whole path must be equal, case-sensitively (SPIFFE-ID §2.4).
    [InlineData("spiffe://aims.local/agents/a", "spiffe://aims.local/agents/a", true)]
    [InlineData("spiffe://aims.local/agents/a", "spiffe://aims.local/agents/A", false)]
    [InlineData("spiffe://aims.local/agents/a", "spiffe://aims.local/agents/a/b", false)]
    [InlineData("spiffe://aims.local/agents/a", "spiffe://aims.local/agents", false)]
    [InlineData("spiffe://aims.local/agents/a", "spiffe://aims.local/agents/ab", false)]
    [InlineData("spiffe://aims.local", "spiffe://aims.local", true)]
    [InlineData("spiffe://aims.local", "spiffe://aims.local/agents", false)]
    // "*": exactly one segment.
    [InlineData("spiffe://aims.local/agents/*", "spiffe://aims.local/agents/data-analyst", true)]
    [InlineData("spiffe://aims.local/agents/*", "spiffe://aims.local/agents/.x", true)]
    [InlineData("spiffe://aims.local/agents/*", "spiffe://aims.local/agents", false)]
    [InlineData("spiffe://aims.local/agents/*", "spiffe://aims.local/agents/a/b", false)]
    [InlineData("spiffe://aims.local/agents/*", "spiffe://aims.local/agentsx/a", false)]
    [InlineData("spiffe://aims.local/agents/*", "spiffe://aims.local/Agents/a", false)]
    [InlineData("spiffe://aims.local/*", "spiffe://aims.local", false)]
    [InlineData("spiffe://aims.local/*/db", "spiffe://aims.local/prod/db", true)]
    [InlineData("spiffe://aims.local/*/db", "spiffe://aims.local/prod/web", false)]
    [InlineData("spiffe://aims.local/*/db", "spiffe://aims.local/prod/eu/db", false)]
    // "/**": one or more segments.
    [InlineData("spiffe://aims.local/**", "spiffe://aims.local/a", true)]
    [InlineData("spiffe://aims.local/**", "spiffe://aims.local/a/b/c", true)]
    [InlineData("spiffe://aims.local/**", "spiffe://aims.local", false)]
    [InlineData("spiffe://aims.local/agents/**", "spiffe://aims.local/agents/a", true)]
    [InlineData("spiffe://aims.local/agents/**", "spiffe://aims.local/agents/a/b", true)]
    [InlineData("spiffe://aims.local/agents/**", "spiffe://aims.local/agents", false)]
    [InlineData("spiffe://aims.local/agents/**", "spiffe://aims.local/agentsx/a", false)]
    [InlineData("spiffe://aims.local/agents/**", "spiffe://aims.local/tools/a", false)]
    [InlineData("spiffe://aims.local/*/**", "spiffe://aims.local/a", false)]
    [InlineData("spiffe://aims.local/*/**", "spiffe://aims.local/a/b", true)]
    // A different trust domain never matches, whatever the path.
    [InlineData("spiffe://aims.local/**", "spiffe://other.local/a", false)]
    [InlineData("spiffe://aims.local/agents/*", "spiffe://aims.local.evil/agents/a", false)]
    [InlineData("spiffe://aims.local/agents/a", "spiffe://sub.aims.local/agents/a", false)]
    [InlineData("spiffe://aims.local", "spiffe://other.local", false)]
    public void Matches_Id_FollowsSegmentRules(string pattern, string id, bool expected)
    {
        Assert.Equal(expected, SpiffeIdPattern.Parse(pattern).Matches(SpiffeId.Parse(id)));
    }

    [Fact]
    public void Equals_SameText_EqualWithSameHash()
    {
        var a = SpiffeIdPattern.Parse("spiffe://aims.local/agents/*");
        var b = SpiffeIdPattern.Parse("spiffe://aims.local/agents/*");

        Assert.True(a.Equals(b));
        Assert.True(a.Equals((object)b));
        Assert.True(a == b);
        Assert.False(a != b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    [Fact]
    public void Equals_DifferentText_NotEqual()
    {
        var a = SpiffeIdPattern.Parse("spiffe://aims.local/agents/*");
        var b = SpiffeIdPattern.Parse("spiffe://aims.local/agents/**");

        Assert.False(a.Equals(b));
        Assert.True(a != b);
        Assert.False(a.Equals(null));
    }

    [Fact]
    public void ToString_ParsedPattern_RoundTrips()
    {
        var pattern = SpiffeIdPattern.Parse("spiffe://aims.local/*/db/**");

        Assert.Equal(pattern, SpiffeIdPattern.Parse(pattern.ToString()));
    }
}
