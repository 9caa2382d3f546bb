using Aims.Core.Identity;

namespace Aims.Core.Tests.Identity;

public sealed class TrustDomainTests
{
    // SPIFFE-ID §2.1: [a-z0-9.-_], written out here independently of the implementation.
    private const string TrustDomainChars = "abcdefghijklmnopqrstuvwxyz0123456789.-_";

    public static TheoryData<char, bool> EveryCharacter()
    {
        var data = new TheoryData<char, bool>();
        for (var c = '\0'; c <= '\x7F'; c++)
            data.Add(c, TrustDomainChars.Contains(c, StringComparison.Ordinal));
        data.Add('é', false);
        data.Add('\u00A0', false);
        data.Add('\uD83D', false);
        data.Add('\uDE00', false);
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryCharacter))]
    public void TryParse_EachCharacter_AcceptsOnlyTrustDomainCharacters(char c, bool valid)
    {
        var parsed = TrustDomain.TryParse($"a{c}b", out var trustDomain, out var error);

        Assert.Equal(valid, parsed);
        if (valid)
            Assert.Equal($"a{c}b", trustDomain!.Name);
        else
            Assert.Contains("SPIFFE-ID §2.1", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("example.org")]
    [InlineData("trust-domain-name")]
    [InlineData("aims.local")]
    [InlineData("under_score.example")]
    [InlineData("192.168.1.1")]
    [InlineData("a")]
    [InlineData("...")]
    public void TryParse_ValidName_ReturnsTrustDomain(string name)
    {
        Assert.True(TrustDomain.TryParse(name, out var trustDomain, out var error));
        Assert.Null(error);
        Assert.Equal(name, trustDomain.Name);
        Assert.Equal(name, trustDomain.ToString());
        Assert.Equal("spiffe://" + name, trustDomain.IdString);
    }

    [Theory]
    [InlineData(null, SpiffeIdErrors.MissingTrustDomain)]
    [InlineData("", SpiffeIdErrors.MissingTrustDomain)]
    [InlineData("Example.org", SpiffeIdErrors.TrustDomainNotLowercase)]
    [InlineData("EXAMPLE.ORG", SpiffeIdErrors.TrustDomainNotLowercase)]
    public void TryParse_InvalidName_ReturnsRuleText(string? name, string expectedError)
    {
        Assert.False(TrustDomain.TryParse(name, out var trustDomain, out var error));
        Assert.Null(trustDomain);
        Assert.Equal(expectedError, error);
    }

    [Theory]
    [InlineData("example.org:8080", ':')]
    [InlineData("user@example.org", '@')]
    [InlineData("exa%41mple.org", '%')]
    [InlineData("spiffe://example.org", ':')]
    [InlineData("[::1]", '[')]
    [InlineData("example org", ' ')]
    public void TryParse_ForbiddenCharacter_NamesTheCharacterAndRule(string name, char offending)
    {
        Assert.False(TrustDomain.TryParse(name, out _, out var error));

        Assert.Equal(SpiffeIdErrors.BadTrustDomainChar(offending), error);
        Assert.Contains("§2.1", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a\0b", "trust domain contains the character U+0000; only a-z, 0-9, '.', '-' and '_' are allowed (SPIFFE-ID §2.1).")]
    [InlineData("caf\u00E9", "trust domain contains the character U+00E9; only a-z, 0-9, '.', '-' and '_' are allowed (SPIFFE-ID §2.1).")]
    [InlineData("a*b", "trust domain contains the character '*'; only a-z, 0-9, '.', '-' and '_' are allowed (SPIFFE-ID §2.1).")]
    public void TryParse_ForbiddenCharacter_DescribesItReadably(string name, string expectedError)
    {
        Assert.False(TrustDomain.TryParse(name, out _, out var error));

        Assert.Equal(expectedError, error);
    }

    [Fact]
    public void TryParse_255Bytes_Succeeds()
    {
        var name = new string('a', 255);

        Assert.True(TrustDomain.TryParse(name, out var trustDomain));
        Assert.Equal(name, trustDomain.Name);
    }

    [Fact]
    public void TryParse_256Bytes_FailsNamingLengthRule()
    {
        Assert.False(TrustDomain.TryParse(new string('a', 256), out _, out var error));

        Assert.Equal(SpiffeIdErrors.TrustDomainTooLong, error);
        Assert.Contains("§2.3", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_InvalidName_ThrowsFormatExceptionWithRuleText()
    {
        var ex = Assert.Throws<FormatException>(() => TrustDomain.Parse("Example.org"));

        Assert.Equal(SpiffeIdErrors.TrustDomainNotLowercase, ex.Message);
    }

    [Fact]
    public void Equals_SameName_EqualWithSameHash()
    {
        var a = TrustDomain.Parse("example.org");
        var b = TrustDomain.Parse("example.org");

        Assert.True(a.Equals(b));
        Assert.True(a.Equals((object)b));
        Assert.True(a == b);
        Assert.False(a != b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    [Fact]
    public void Equals_DifferentName_NotEqual()
    {
        var a = TrustDomain.Parse("example.org");
        var b = TrustDomain.Parse("example.com");

        Assert.False(a.Equals(b));
        Assert.False(a == b);
        Assert.True(a != b);
        Assert.False(a.Equals(null));
        Assert.False(a.Equals((object)"example.org"));
    }

    [Theory]
    [InlineData("", "spiffe://example.org")]
    [InlineData("/service", "spiffe://example.org/service")]
    [InlineData("/agents/data-analyst", "spiffe://example.org/agents/data-analyst")]
    public void NewId_ValidPath_ReturnsIdInThisTrustDomain(string path, string expected)
    {
        var trustDomain = TrustDomain.Parse("example.org");

        var id = trustDomain.NewId(path);

        Assert.Equal(expected, id.ToString());
        Assert.Equal(trustDomain, id.TrustDomain);
        Assert.Equal(path, id.Path);
    }

    [Theory]
    [InlineData("service", SpiffeIdErrors.PathWithoutLeadingSlash)]
    [InlineData(".evil.com/x", SpiffeIdErrors.PathWithoutLeadingSlash)]
    [InlineData(":8080/x", SpiffeIdErrors.PathWithoutLeadingSlash)]
    [InlineData("/", SpiffeIdErrors.TrailingSlash)]
    [InlineData("/a//b", SpiffeIdErrors.EmptySegment)]
    [InlineData("/a/..", SpiffeIdErrors.DotSegment)]
    [InlineData("/a?b", SpiffeIdErrors.Query)]
    public void NewId_InvalidPath_ThrowsArgumentExceptionWithRuleText(string path, string expectedError)
    {
        var trustDomain = TrustDomain.Parse("example.org");

        var ex = Assert.Throws<ArgumentException>(() => trustDomain.NewId(path));

        Assert.Equal("path", ex.ParamName);
        Assert.StartsWith(expectedError, ex.Message, StringComparison.Ordinal);
    }
}
