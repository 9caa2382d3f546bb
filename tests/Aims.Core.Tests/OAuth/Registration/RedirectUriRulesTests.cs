using Aims.Core.OAuth.Registration;

namespace Aims.Core.Tests.OAuth.Registration;

public sealed class RedirectUriRulesTests
{
    [Theory]
    [InlineData("https://app.example.com/callback")]
    [InlineData("https://app.example.com:8443/cb?tenant=a")]
    [InlineData("https://localhost/cb")]
    [InlineData("http://127.0.0.1/cb")]
    [InlineData("http://127.0.0.1:51004/oauth2redirect")]
    [InlineData("http://[::1]:8080/cb")]
    [InlineData("http://localhost:3000/callback")]
    [InlineData("HTTP://LOCALHOST:3000/callback")]
    [InlineData("com.example.app:/oauth2redirect/example-provider")]
    [InlineData("com.example.app://callback")]
    [InlineData("https://app.example.com/cb%20with%20space")]
    public void Problem_AllowedRedirectUri_IsNull(string uri) =>
        Assert.Null(RedirectUriRules.Problem(uri));

    [Theory]
    [InlineData("https://app.example.com/cb#frag", "fragment")]
    [InlineData("https://app.example.com/cb#", "fragment")]
    [InlineData("http://app.example.com/cb", "loopback")]
    [InlineData("http://127.0.0.1.evil.example/cb", "loopback")]
    [InlineData("http://localhost.evil.example/cb", "loopback")]
    [InlineData("http://10.0.0.1/cb", "loopback")]
    [InlineData("http://127.0.0.1@evil.example/cb", "user information")]
    [InlineData("https://user:pass@app.example.com/cb", "user information")]
    [InlineData("myapp:/callback", "reverse domain name")]
    [InlineData("javascript:alert(1)", "reverse domain name")]
    [InlineData("data:text/html,hi", "reverse domain name")]
    [InlineData("file:///etc/passwd", "reverse domain name")]
    [InlineData("/callback", "absolute URI")]
    [InlineData("callback", "absolute URI")]
    [InlineData("://app.example.com/cb", "absolute URI")]
    [InlineData("1app.example:/cb", "absolute URI")]
    [InlineData("https:app.example.com/cb", "absolute URI")]
    [InlineData("https://app.example.com/c b", "U+0020")]
    [InlineData("https://app.example.com/caf\u00e9", "U+00E9")]
    [InlineData("https://app.example.com/cb\n", "U+000A")]
    [InlineData("https://app.example.com/<cb>", "U+003C")]
    [InlineData("", "1 to 1024")]
    public void Problem_RefusedRedirectUri_SaysWhichRule(string uri, string fragment)
    {
        var problem = RedirectUriRules.Problem(uri);

        Assert.NotNull(problem);
        Assert.Contains(fragment, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Problem_TooLong_Refused()
    {
        var uri = "https://app.example.com/" + new string('a', ClientRegistrationLimits.MaxRedirectUriLength);

        Assert.Contains("1 to 1024", RedirectUriRules.Problem(uri), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://app.example.com/cb#x", "RFC 6749 §3.1.2")]
    [InlineData("http://app.example.com/cb", "RFC 8252 §7.3")]
    [InlineData("myapp:/cb", "RFC 8252 §7.1")]
    public void Problem_Refusal_CitesTheRfc(string uri, string section) =>
        Assert.Contains(section, RedirectUriRules.Problem(uri), StringComparison.Ordinal);
}
