using Aims.Core.OAuth;

namespace Aims.Core.Tests.OAuth;

public sealed class AuthorizationResponseUriTests
{
    private const string Issuer = "https://as.example.com";

    [Fact]
    public void ForCode_AppendsCodeStateAndIssuer()
    {
        var uri = AuthorizationResponseUri.ForCode("https://app.example.com/cb", "aims_ac_x", "a b&c", Issuer);

        Assert.Equal("https://app.example.com/cb?code=aims_ac_x&state=a%20b%26c&iss=https%3A%2F%2Fas.example.com", uri);
    }

    [Fact]
    public void ForCode_RedirectUriWithQuery_KeepsItsQuery()
    {
        var uri = AuthorizationResponseUri.ForCode("https://app.example.com/cb?tenant=7", "c", null, Issuer);

        Assert.Equal("https://app.example.com/cb?tenant=7&code=c&iss=https%3A%2F%2Fas.example.com", uri);
    }

    [Fact]
    public void ForError_CarriesErrorDescriptionStateAndIssuer()
    {
        var uri = AuthorizationResponseUri.ForError("com.example.app:/cb", new OAuthError("access_denied", "the user denied"), "s1", Issuer);

        Assert.Equal("com.example.app:/cb?error=access_denied&error_description=the%20user%20denied&state=s1&iss=https%3A%2F%2Fas.example.com", uri);
    }

    [Fact]
    public void ForCode_RedirectUriWithFragment_Throws() =>
        Assert.Throws<ArgumentException>(() => AuthorizationResponseUri.ForCode("https://app.example.com/cb#x", "c", null, Issuer));
}
