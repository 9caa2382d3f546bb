using Aims.Core.Users;

namespace Aims.Core.Tests.Users;

public sealed class PasswordHasherTests
{
    /// <summary>Made with Python's hashlib.pbkdf2_hmac('sha256', password, bytes(range(16)), 100000, 32): an independent implementation.</summary>
    private const string PythonHash = "pbkdf2-sha256$100000$AAECAwQFBgcICQoLDA0ODw==$SdScJfWXhGIJ8Nkud3CrZOHHXpS0zmxQkmXuZxddKh4=";

    private const string Password = "correct horse battery staple";

    [Fact]
    public void Verify_HashFromAnotherImplementation_AcceptsTheRightPasswordOnly()
    {
        Assert.True(PasswordHasher.Verify(Password, PythonHash));
        Assert.False(PasswordHasher.Verify(Password + " ", PythonHash));
        Assert.False(PasswordHasher.Verify("Correct horse battery staple", PythonHash));
    }

    [Fact]
    public void Hash_DocumentedFormWithRandomSalt_VerifiesRoundTrip()
    {
        var first = PasswordHasher.Hash(Password, PasswordHasher.MinimumIterations);
        var second = PasswordHasher.Hash(Password, PasswordHasher.MinimumIterations);

        var parts = first.Split('$');
        Assert.Equal(4, parts.Length);
        Assert.Equal("pbkdf2-sha256", parts[0]);
        Assert.Equal("100000", parts[1]);
        Assert.Equal(16, Convert.FromBase64String(parts[2]).Length);
        Assert.Equal(32, Convert.FromBase64String(parts[3]).Length);
        Assert.NotEqual(first, second);
        Assert.True(PasswordHasher.Verify(Password, first));
        Assert.True(PasswordHasher.Verify(Password, second));
        Assert.False(PasswordHasher.Verify("wrong", first));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(99_999)]
    [InlineData(PasswordHasher.MaximumIterations + 1)]
    public void Hash_IterationsOutOfRange_Throws(int iterations) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => PasswordHasher.Hash(Password, iterations));

    [Fact]
    public void Hash_EmptyOrOverlongPassword_Throws()
    {
        Assert.Throws<ArgumentException>(() => PasswordHasher.Hash(string.Empty, PasswordHasher.MinimumIterations));
        Assert.Throws<ArgumentException>(() => PasswordHasher.Hash(new string('x', PasswordHasher.MaxPasswordLength + 1), PasswordHasher.MinimumIterations));
    }

    [Theory]
    [InlineData("")]
    [InlineData("plain-password")]
    [InlineData("pbkdf2-sha256$100000$AAECAwQFBgcICQoLDA0ODw==")]
    [InlineData("pbkdf2-sha1$100000$AAECAwQFBgcICQoLDA0ODw==$SdScJfWXhGIJ8Nkud3CrZOHHXpS0zmxQkmXuZxddKh4=")]
    [InlineData("pbkdf2-sha256$1000$AAECAwQFBgcICQoLDA0ODw==$SdScJfWXhGIJ8Nkud3CrZOHHXpS0zmxQkmXuZxddKh4=")]
    [InlineData("pbkdf2-sha256$-100000$AAECAwQFBgcICQoLDA0ODw==$SdScJfWXhGIJ8Nkud3CrZOHHXpS0zmxQkmXuZxddKh4=")]
    [InlineData("pbkdf2-sha256$ 100000$AAECAwQFBgcICQoLDA0ODw==$SdScJfWXhGIJ8Nkud3CrZOHHXpS0zmxQkmXuZxddKh4=")]
    [InlineData("pbkdf2-sha256$100000$AAECAwQFBgcICQoL$SdScJfWXhGIJ8Nkud3CrZOHHXpS0zmxQkmXuZxddKh4=")]
    [InlineData("pbkdf2-sha256$100000$AAECAwQFBgcICQoLDA0ODw==$SdScJfWXhGIJ8Nkud3CrZOHHXpS0zmxQ")]
    [InlineData("pbkdf2-sha256$100000$not base64!$SdScJfWXhGIJ8Nkud3CrZOHHXpS0zmxQkmXuZxddKh4=")]
    [InlineData("pbkdf2-sha256$100000$AAECAwQFBgcICQoLDA0ODw==$SdScJfWXhGIJ8Nkud3CrZOHHXpS0zmxQkmXuZxddKh4=$extra")]
    public void Verify_MalformedOrWeakHash_NeverVerifiesAndIsReported(string hash)
    {
        Assert.False(PasswordHasher.Verify(Password, hash));
        Assert.False(PasswordHasher.IsWellFormed(hash, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void Verify_EmptyOrOverlongPassword_False()
    {
        Assert.False(PasswordHasher.Verify(string.Empty, PythonHash));
        Assert.False(PasswordHasher.Verify(new string('x', PasswordHasher.MaxPasswordLength + 1), PythonHash));
    }
}
