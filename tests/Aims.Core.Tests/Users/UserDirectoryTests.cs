using Aims.Core.Users;

namespace Aims.Core.Tests.Users;

public sealed class UserDirectoryTests
{
    private static readonly string AliceHash = PasswordHasher.Hash("alice-password", PasswordHasher.MinimumIterations);

    [Fact]
    public void Authenticate_RightPassword_ReturnsTheUserWithGroups()
    {
        var directory = new UserDirectory([new UserAccount("alice", "Alice", AliceHash, ["analysts"])]);

        var user = directory.Authenticate("alice", "alice-password");

        Assert.NotNull(user);
        Assert.Equal("alice", user.Id);
        Assert.Equal(["analysts"], user.Groups);
    }

    [Theory]
    [InlineData("alice", "wrong")]
    [InlineData("Alice", "alice-password")]
    [InlineData("mallory", "alice-password")]
    [InlineData("", "alice-password")]
    public void Authenticate_WrongPasswordOrUnknownUser_NullAlike(string userName, string password)
    {
        var directory = new UserDirectory([new UserAccount("alice", null, AliceHash, [])]);

        Assert.Null(directory.Authenticate(userName, password));
    }

    [Fact]
    public void Authenticate_OverlongUserName_Null() =>
        Assert.Null(new UserDirectory([]).Authenticate(new string('a', UserDirectory.MaxUserNameLength + 1), "x"));

    [Fact]
    public void Constructor_DuplicateId_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => new UserDirectory(
            [new UserAccount("alice", null, AliceHash, []), new UserAccount("alice", null, AliceHash, [])]));

        Assert.Contains("alice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_PlainPasswordInsteadOfHash_ThrowsNamingTheUser()
    {
        var error = Assert.Throws<ArgumentException>(() => new UserDirectory([new UserAccount("bob", null, "hunter2", [])]));

        Assert.Contains("bob", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_EmptyId_Throws() =>
        Assert.Throws<ArgumentException>(() => new UserDirectory([new UserAccount(string.Empty, null, AliceHash, [])]));
}
