using Aims.Core.OAuth;

namespace Aims.Core.Tests.OAuth;

public sealed class OAuthErrorTests
{
    [Theory]
    [InlineData("plain text stays", "plain text stays")]
    [InlineData("see RFC 7523 §3", "see RFC 7523 section 3")]
    [InlineData("aud \"x\" is wrong", "aud 'x' is wrong")]
    [InlineData("back\\slash", "back?slash")]
    [InlineData("line\nbreak", "line?break")]
    [InlineData("caf\u00e9", "caf?")]
    public void Constructor_Description_MappedOntoRfc6749CharacterSet(string description, string expected)
    {
        var error = OAuthError.InvalidClient(description);

        Assert.Equal(OAuthErrors.InvalidClient, error.Error);
        Assert.Equal(expected, error.Description);
        Assert.All(error.Description, c => Assert.True(OAuthError.IsDescriptionChar(c)));
    }

    [Fact]
    public void Constructor_LongDescription_Cut()
    {
        var error = OAuthError.InvalidRequest(new string('x', 5000));

        Assert.Equal(OAuthError.MaxDescriptionLength, error.Description.Length);
    }

    [Theory]
    [InlineData("")]
    [InlineData("bad\"code")]
    [InlineData("caf\u00e9")]
    public void Constructor_BadErrorCode_Throws(string code)
    {
        Assert.ThrowsAny<ArgumentException>(() => new OAuthError(code, "x"));
    }

    [Fact]
    public void Factories_UseTheRfcCodes()
    {
        Assert.Equal("invalid_request", OAuthError.InvalidRequest("x").Error);
        Assert.Equal("invalid_client", OAuthError.InvalidClient("x").Error);
        Assert.Equal("invalid_grant", OAuthError.InvalidGrant("x").Error);
        Assert.Equal("unauthorized_client", OAuthError.UnauthorizedClient("x").Error);
        Assert.Equal("unsupported_grant_type", OAuthError.UnsupportedGrantType("x").Error);
        Assert.Equal("invalid_scope", OAuthError.InvalidScope("x").Error);
        Assert.Equal("invalid_target", OAuthError.InvalidTarget("x").Error);
    }

    [Fact]
    public void Result_SuccessAndFailure()
    {
        var ok = OAuthResult<string>.Success("token");
        var failed = OAuthResult<string>.Failure(OAuthError.InvalidScope("scope 'admin' is not allowed"));

        Assert.True(ok.IsSuccess);
        Assert.Equal("token", ok.Value);
        Assert.Null(ok.Error);
        Assert.False(failed.IsSuccess);
        Assert.Null(failed.Value);
        Assert.Equal("invalid_scope: scope 'admin' is not allowed", failed.ToString());
    }
}
