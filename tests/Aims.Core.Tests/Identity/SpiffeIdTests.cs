using Aims.Core.Identity;

namespace Aims.Core.Tests.Identity;

public sealed class SpiffeIdTests
{
    // SPIFFE-ID §2.1 and §2.2, written out here independently of the implementation.
    private const string TrustDomainChars = "abcdefghijklmnopqrstuvwxyz0123456789.-_";
    private const string PathChars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_";

    public static TheoryData<char, bool> TrustDomainCharacters() => EveryCharacterExceptSlash(TrustDomainChars);

    public static TheoryData<char, bool> PathCharacters() => EveryCharacterExceptSlash(PathChars);

    // "/" is left out: inside an ID it ends the trust domain or separates segments, so it is not a segment character.
    private static TheoryData<char, bool> EveryCharacterExceptSlash(string allowed)
    {
        var data = new TheoryData<char, bool>();
        for (var c = '\0'; c <= '\x7F'; c++)
        {
            if (c != '/')
                data.Add(c, allowed.Contains(c, StringComparison.Ordinal));
        }

        data.Add('é', false);
        data.Add('\u00A0', false);
        data.Add('\uD83D', false);
        data.Add('\uDE00', false);
        return data;
    }

    [Theory]
    [MemberData(nameof(TrustDomainCharacters))]
    public void TryParse_EachCharacterInTrustDomain_AcceptsOnlyTrustDomainCharacters(char c, bool valid)
    {
        var text = $"spiffe://a{c}b/path";

        var parsed = SpiffeId.TryParse(text, out var id, out var error);

        Assert.Equal(valid, parsed);
        if (valid)
            Assert.Equal($"a{c}b", id!.TrustDomain.Name);
        else
            Assert.Contains("(SPIFFE-ID §2", error, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(PathCharacters))]
    public void TryParse_EachCharacterInPath_AcceptsOnlyPathCharacters(char c, bool valid)
    {
        var text = $"spiffe://example.org/a{c}b";

        var parsed = SpiffeId.TryParse(text, out var id, out var error);

        Assert.Equal(valid, parsed);
        if (valid)
            Assert.Equal($"/a{c}b", id!.Path);
        else
            Assert.Contains("(SPIFFE-ID §2", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("spiffe://trust-domain-name/path", "trust-domain-name", "/path")]
    [InlineData("spiffe://example.org/service", "example.org", "/service")]
    [InlineData("spiffe://example.org", "example.org", "")]
    [InlineData("spiffe://example.org/a_b/c.d/e-f", "example.org", "/a_b/c.d/e-f")]
    [InlineData("spiffe://under_score.example-dash/x", "under_score.example-dash", "/x")]
    [InlineData("spiffe://example.org/Upper/CASE", "example.org", "/Upper/CASE")]
    [InlineData("spiffe://example.org/.path/..path/...", "example.org", "/.path/..path/...")]
    [InlineData("spiffe://192.168.1.1/workload", "192.168.1.1", "/workload")]
    [InlineData("spiffe://aims.local/agents/data-analyst", "aims.local", "/agents/data-analyst")]
    public void TryParse_ValidId_SplitsTrustDomainAndPath(string text, string trustDomain, string path)
    {
        Assert.True(SpiffeId.TryParse(text, out var id, out var error));

        Assert.Null(error);
        Assert.Equal(trustDomain, id.TrustDomain.Name);
        Assert.Equal(path, id.Path);
        Assert.Equal(text, id.ToString());
    }

    [Theory]
    [InlineData(null, SpiffeIdErrors.Empty, "§2")]
    [InlineData("", SpiffeIdErrors.Empty, "§2")]
    [InlineData("SPIFFE://example.org/path", SpiffeIdErrors.SchemeNotLowercase, "§2")]
    [InlineData("Spiffe://example.org/path", SpiffeIdErrors.SchemeNotLowercase, "§2")]
    [InlineData("http://example.org/path", SpiffeIdErrors.WrongScheme, "§2")]
    [InlineData("https://example.org/path", SpiffeIdErrors.WrongScheme, "§2")]
    [InlineData("spiffe:/example.org/path", SpiffeIdErrors.WrongScheme, "§2")]
    [InlineData("spiffe:example.org", SpiffeIdErrors.WrongScheme, "§2")]
    [InlineData("example.org/path", SpiffeIdErrors.WrongScheme, "§2")]
    [InlineData(" spiffe://example.org", SpiffeIdErrors.WrongScheme, "§2")]
    [InlineData("spiffe://Example.org/path", SpiffeIdErrors.TrustDomainNotLowercase, "§2.1")]
    [InlineData("spiffe://EXAMPLE.ORG", SpiffeIdErrors.TrustDomainNotLowercase, "§2.1")]
    [InlineData("spiffe://example.org:8080/path", SpiffeIdErrors.Port, "§2.1")]
    [InlineData("spiffe://example.org:/path", SpiffeIdErrors.Port, "§2.1")]
    [InlineData("spiffe://user@example.org/path", SpiffeIdErrors.UserInfo, "§2.1")]
    [InlineData("spiffe://example.org?query=1", SpiffeIdErrors.Query, "§2")]
    [InlineData("spiffe://example.org/path?query=1", SpiffeIdErrors.Query, "§2")]
    [InlineData("spiffe://example.org#fragment", SpiffeIdErrors.Fragment, "§2")]
    [InlineData("spiffe://example.org/path#fragment", SpiffeIdErrors.Fragment, "§2")]
    [InlineData("spiffe://exa%6Dple.org/path", SpiffeIdErrors.PercentEncoded, "§2.1")]
    [InlineData("spiffe://example.org/p%61th", SpiffeIdErrors.PercentEncoded, "§2.2")]
    [InlineData("spiffe://example.org//path", SpiffeIdErrors.EmptySegment, "§2.2")]
    [InlineData("spiffe://example.org/a//b", SpiffeIdErrors.EmptySegment, "§2.2")]
    [InlineData("spiffe://example.org/.", SpiffeIdErrors.DotSegment, "§2.2")]
    [InlineData("spiffe://example.org/..", SpiffeIdErrors.DotSegment, "§2.2")]
    [InlineData("spiffe://example.org/a/./b", SpiffeIdErrors.DotSegment, "§2.2")]
    [InlineData("spiffe://example.org/a/../b", SpiffeIdErrors.DotSegment, "§2.2")]
    [InlineData("spiffe://example.org/", SpiffeIdErrors.TrailingSlash, "§2.2")]
    [InlineData("spiffe://example.org/path/", SpiffeIdErrors.TrailingSlash, "§2.2")]
    [InlineData("spiffe:///path", SpiffeIdErrors.MissingTrustDomain, "§2.1")]
    [InlineData("spiffe://", SpiffeIdErrors.MissingTrustDomain, "§2.1")]
    public void TryParse_InvalidId_ReturnsErrorNamingRule(string? text, string expectedError, string section)
    {
        Assert.False(SpiffeId.TryParse(text, out var id, out var error));

        Assert.Null(id);
        Assert.Equal(expectedError, error);
        Assert.Contains("(SPIFFE-ID §", error, StringComparison.Ordinal);
        Assert.Contains(section, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("spiffe://example.org/a b", ' ')]
    [InlineData("spiffe://example.org/path$", '$')]
    [InlineData("spiffe://example.org/a:b", ':')]
    [InlineData("spiffe://example.org/a@b", '@')]
    [InlineData("spiffe://example.org/caf\u00E9", '\u00E9')]
    public void TryParse_ForbiddenPathCharacter_NamesTheCharacter(string text, char offending)
    {
        Assert.False(SpiffeId.TryParse(text, out _, out var error));

        Assert.Equal(SpiffeIdErrors.BadPathChar(offending), error);
    }

    [Fact]
    public void TryParse_Exactly2048Bytes_Succeeds()
    {
        var prefix = "spiffe://example.org/";
        var text = prefix + new string('a', SpiffeId.MaxLength - prefix.Length);

        Assert.True(SpiffeId.TryParse(text, out var id));
        Assert.Equal(2048, id.ToString().Length);
    }

    [Fact]
    public void TryParse_2049Bytes_FailsNamingLengthRule()
    {
        var prefix = "spiffe://example.org/";
        var text = prefix + new string('a', SpiffeId.MaxLength + 1 - prefix.Length);

        Assert.False(SpiffeId.TryParse(text, out _, out var error));

        Assert.Equal(SpiffeIdErrors.TooLong, error);
        Assert.Contains("§2.3", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_Over2048BytesButFewerCharacters_CountsUtf8Bytes()
    {
        var text = "spiffe://example.org/" + new string('\u00E9', 1100);

        Assert.False(SpiffeId.TryParse(text, out _, out var error));

        Assert.Equal(SpiffeIdErrors.TooLong, error);
    }

    [Fact]
    public void TryParse_TrustDomainOf255Bytes_Succeeds()
    {
        var name = new string('a', TrustDomain.MaxLength);

        Assert.True(SpiffeId.TryParse($"spiffe://{name}/path", out var id));
        Assert.Equal(name, id.TrustDomain.Name);
    }

    [Fact]
    public void TryParse_TrustDomainOf256Bytes_FailsNamingLengthRule()
    {
        var name = new string('a', TrustDomain.MaxLength + 1);

        Assert.False(SpiffeId.TryParse($"spiffe://{name}/path", out _, out var error));

        Assert.Equal(SpiffeIdErrors.TrustDomainTooLong, error);
        Assert.Contains("§2.3", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_InvalidId_ThrowsFormatExceptionWithRuleText()
    {
        var ex = Assert.Throws<FormatException>(() => SpiffeId.Parse("spiffe://example.org/"));

        Assert.Equal(SpiffeIdErrors.TrailingSlash, ex.Message);
    }

    [Fact]
    public void TryParse_WithoutErrorOverload_MatchesFullOverload()
    {
        Assert.True(SpiffeId.TryParse("spiffe://example.org/service", out var id));
        Assert.Equal("spiffe://example.org/service", id.ToString());
        Assert.False(SpiffeId.TryParse("spiffe://example.org/", out var rejected));
        Assert.Null(rejected);
    }

    [Theory]
    [InlineData("spiffe://example.org")]
    [InlineData("spiffe://example.org/service")]
    [InlineData("spiffe://aims.local/agents/data-analyst/v2")]
    public void ToString_ParsedId_RoundTrips(string text)
    {
        var id = SpiffeId.Parse(text);

        var reparsed = SpiffeId.Parse(id.ToString());

        Assert.Equal(text, id.ToString());
        Assert.Equal(id, reparsed);
    }

    [Fact]
    public void Equals_SameText_EqualWithSameHash()
    {
        var a = SpiffeId.Parse("spiffe://example.org/service");
        var b = SpiffeId.Parse("spiffe://example.org/service");

        Assert.True(a.Equals(b));
        Assert.True(a.Equals((object)b));
        Assert.True(a == b);
        Assert.False(a != b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.Single(new HashSet<SpiffeId> { a, b });
    }

    [Theory]
    [InlineData("spiffe://example.org/service", "spiffe://example.org/Service")]
    [InlineData("spiffe://example.org/service", "spiffe://example.com/service")]
    [InlineData("spiffe://example.org/service", "spiffe://example.org/service/v2")]
    [InlineData("spiffe://example.org", "spiffe://example.org/service")]
    public void Equals_DifferentIds_NotEqual(string left, string right)
    {
        var a = SpiffeId.Parse(left);
        var b = SpiffeId.Parse(right);

        Assert.False(a.Equals(b));
        Assert.False(a == b);
        Assert.True(a != b);
    }

    [Fact]
    public void Equals_NullOrOtherType_NotEqual()
    {
        var id = SpiffeId.Parse("spiffe://example.org/service");

        Assert.False(id.Equals(null));
        Assert.False(id.Equals((object)"spiffe://example.org/service"));
        Assert.False(id == null);
        Assert.True((SpiffeId?)null == null);
    }

    [Theory]
    [InlineData("spiffe://example.org/service", "example.org", true)]
    [InlineData("spiffe://example.org", "example.org", true)]
    [InlineData("spiffe://example.org/service", "example.com", false)]
    [InlineData("spiffe://example.org/service", "org", false)]
    [InlineData("spiffe://example.org.evil/service", "example.org", false)]
    [InlineData("spiffe://sub.example.org/service", "example.org", false)]
    public void IsMemberOf_TrustDomain_IsExactEquality(string id, string trustDomain, bool expected)
    {
        Assert.Equal(expected, SpiffeId.Parse(id).IsMemberOf(TrustDomain.Parse(trustDomain)));
    }
}
