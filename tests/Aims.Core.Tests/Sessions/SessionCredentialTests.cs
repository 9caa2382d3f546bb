using Aims.Core.Sessions;

namespace Aims.Core.Tests.Sessions;

public sealed class SessionCredentialTests
{
    [Theory]
    [InlineData(SessionCredentialKind.AuthorizationCode, "aims_ac_")]
    [InlineData(SessionCredentialKind.RefreshToken, "aims_rt_")]
    public void Issue_PrefixSessionIdAndSecret_ReadsBackItsSession(SessionCredentialKind kind, string prefix)
    {
        var sessionId = OpaqueSecrets.NewId();

        var credential = SessionCredential.Issue(kind, sessionId);

        Assert.StartsWith(prefix + sessionId + ".", credential.Value, StringComparison.Ordinal);
        Assert.True(SessionCredential.TryReadSessionId(credential.Value, kind, out var read));
        Assert.Equal(sessionId, read);
        Assert.Equal(OpaqueSecrets.Hash(credential.Value), credential.Hash);
        Assert.DoesNotContain(credential.Value, credential.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Issue_TwiceForOneSession_DifferentSecrets()
    {
        var sessionId = OpaqueSecrets.NewId();

        var first = SessionCredential.Issue(SessionCredentialKind.RefreshToken, sessionId);
        var second = SessionCredential.Issue(SessionCredentialKind.RefreshToken, sessionId);

        Assert.NotEqual(first.Value, second.Value);
        Assert.False(OpaqueSecrets.Matches(first.Value, second.Hash));
    }

    [Fact]
    public void TryReadSessionId_CodePresentedAsRefreshToken_False()
    {
        var code = SessionCredential.Issue(SessionCredentialKind.AuthorizationCode, OpaqueSecrets.NewId());

        Assert.False(SessionCredential.TryReadSessionId(code.Value, SessionCredentialKind.RefreshToken, out _));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("aims_rt_")]
    [InlineData("eyJhbGciOiJFUzI1NiJ9.e30.c2ln")]
    [InlineData("aims_rt_AAAAAAAAAAAAAAAAAAAAAA-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("aims_rt_AAAAAAAAAAAAAAAAAAAA+A.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("aims_rt_AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("aims_rt_AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void TryReadSessionId_NotExactlyTheFormat_False(string? value) =>
        Assert.False(SessionCredential.TryReadSessionId(value, SessionCredentialKind.RefreshToken, out _));

    [Fact]
    public void TryReadSessionId_WellFormed_True() =>
        Assert.True(SessionCredential.TryReadSessionId("aims_rt_AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", SessionCredentialKind.RefreshToken, out _));

    [Fact]
    public void Issue_BadSessionId_Throws() =>
        Assert.Throws<ArgumentException>(() => SessionCredential.Issue(SessionCredentialKind.RefreshToken, "short"));

    [Fact]
    public void Matches_OnlyTheHashedValue()
    {
        var hash = OpaqueSecrets.Hash("secret");

        Assert.True(OpaqueSecrets.Matches("secret", hash));
        Assert.False(OpaqueSecrets.Matches("Secret", hash));
        Assert.False(OpaqueSecrets.Matches(null, hash));
        Assert.False(OpaqueSecrets.Matches("secret", string.Empty));
    }
}
