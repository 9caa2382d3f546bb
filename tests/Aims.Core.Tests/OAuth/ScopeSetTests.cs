using Aims.Core.OAuth;

namespace Aims.Core.Tests.OAuth;

public sealed class ScopeSetTests
{
    [Theory]
    [InlineData("read", "read", 1)]
    [InlineData("read write", "read write", 2)]
    [InlineData("write read", "read write", 2)]
    [InlineData("read read", "read", 1)]
    [InlineData("b a b c a", "a b c", 3)]
    [InlineData("tools:invoke payments/refund", "payments/refund tools:invoke", 2)]
    [InlineData("https://api.example.org/read", "https://api.example.org/read", 1)]
    [InlineData("!#$%&'()*+,-./:;<=>?@[]^_`{|}~", "!#$%&'()*+,-./:;<=>?@[]^_`{|}~", 1)]
    [InlineData("Read read", "Read read", 2)]
    public void TryParse_ValidScope_SortedDistinctTokens(string text, string canonical, int count)
    {
        Assert.True(ScopeSet.TryParse(text, out var scopes, out var error), error);

        Assert.Equal(canonical, scopes.ToString());
        Assert.Equal(count, scopes.Count);
        Assert.Equal(scopes, ScopeSet.Parse(canonical));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void TryParse_NullOrEmpty_IsEmptySetAsIfOmitted(string? text)
    {
        Assert.True(ScopeSet.TryParse(text, out var scopes, out _));

        Assert.True(scopes.IsEmpty);
        Assert.Same(ScopeSet.Empty, scopes);
        Assert.Equal(string.Empty, scopes.ToString());
    }

    [Theory]
    [InlineData(" ", "single spaces")]
    [InlineData(" read", "single spaces")]
    [InlineData("read ", "single spaces")]
    [InlineData("read  write", "single spaces")]
    [InlineData("read\twrite", "U+0009")]
    [InlineData("read\nwrite", "U+000A")]
    [InlineData("re\"ad", "U+0022")]
    [InlineData("re\\ad", "U+005C")]
    [InlineData("r\u00e9ad", "U+00E9")]
    [InlineData("read\u007f", "U+007F")]
    [InlineData("read\u0000", "U+0000")]
    [InlineData("read\u00a0write", "U+00A0")]
    public void TryParse_InvalidScope_ExplainsTheRule(string text, string detailFragment)
    {
        Assert.False(ScopeSet.TryParse(text, out var scopes, out var error));

        Assert.Null(scopes);
        Assert.Contains(detailFragment, error, StringComparison.Ordinal);
        Assert.Contains("RFC 6749 §3.3", error, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => ScopeSet.Parse(text));
    }

    [Fact]
    public void TryParse_SixtyFourDistinctScopes_Accepted()
    {
        var text = string.Join(' ', Enumerable.Range(0, ScopeSet.MaxScopes).Select(i => $"s{i}"));

        Assert.True(ScopeSet.TryParse(text, out var scopes, out _));
        Assert.Equal(ScopeSet.MaxScopes, scopes.Count);
    }

    [Fact]
    public void TryParse_SixtyFiveDistinctScopes_Refused()
    {
        var text = string.Join(' ', Enumerable.Range(0, ScopeSet.MaxScopes + 1).Select(i => $"s{i}"));

        Assert.False(ScopeSet.TryParse(text, out _, out var error));
        Assert.Contains("65 distinct", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_ManyRepeatsOfFewScopes_CountsDistinctOnly()
    {
        var text = string.Join(' ', Enumerable.Repeat("read write", 60));

        Assert.True(ScopeSet.TryParse(text, out var scopes, out _));
        Assert.Equal("read write", scopes.ToString());
    }

    [Theory]
    [InlineData(1024, true)]
    [InlineData(1025, false)]
    public void TryParse_AtAndAboveMaxLength(int length, bool valid)
    {
        var text = new string('a', length);

        Assert.Equal(valid, ScopeSet.TryParse(text, out _, out var error));
        if (!valid)
            Assert.Contains("at most 1024", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "read", true)]
    [InlineData("read", "read write", true)]
    [InlineData("read write", "read write", true)]
    [InlineData("write", "read", false)]
    [InlineData("read write", "read", false)]
    [InlineData("a c", "a b c", true)]
    [InlineData("a d", "a b c", false)]
    [InlineData("read", "", false)]
    public void IsSubsetOf_MatchesSetSemantics(string left, string right, bool expected)
    {
        Assert.Equal(expected, ScopeSet.Parse(left).IsSubsetOf(ScopeSet.Parse(right)));
    }

    [Theory]
    [InlineData("read write", "write admin", "write")]
    [InlineData("a b c", "b c d", "b c")]
    [InlineData("a b", "c d", "")]
    [InlineData("read", "read write", "read")]
    [InlineData("", "read", "")]
    public void Intersect_KeepsCommonScopes(string left, string right, string expected)
    {
        var both = ScopeSet.Parse(left).Intersect(ScopeSet.Parse(right));

        Assert.Equal(ScopeSet.Parse(expected), both);
        Assert.Equal(expected, both.ToString());
        Assert.Equal(both, ScopeSet.Parse(right).Intersect(ScopeSet.Parse(left)));
    }

    [Fact]
    public void Equality_IgnoresOrderAndRepeats()
    {
        var a = ScopeSet.Parse("write read read");
        var b = ScopeSet.Parse("read write");

        Assert.Equal(a, b);
        Assert.True(a == b);
        Assert.False(a != b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, ScopeSet.Parse("read"));
        Assert.Equal(["read", "write"], a);
    }

    [Fact]
    public void Contains_ExactOrdinalMatch()
    {
        var scopes = ScopeSet.Parse("read:* Write");

        Assert.Contains("read:*", scopes);
        Assert.True(scopes.Contains("Write"));
        Assert.False(scopes.Contains("write"));
        Assert.False(scopes.Contains("read:files"));
    }

    [Fact]
    public void Create_SeparateTokens_SortedAndDistinct()
    {
        var scopes = ScopeSet.Create(["write", "read", "write"]);

        Assert.Equal("read write", scopes.ToString());
        Assert.Same(ScopeSet.Empty, ScopeSet.Create([]));
    }

    [Theory]
    [InlineData("")]
    [InlineData("read write")]
    [InlineData("re\"ad")]
    public void Create_InvalidToken_Throws(string token)
    {
        Assert.Throws<ArgumentException>(() => ScopeSet.Create(["read", token]));
    }
}
