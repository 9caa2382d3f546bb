namespace Aims.Core.Users;

/// <summary>One user of the configured user store: who may sign in on the login page and delegate to a client.</summary>
/// <param name="Id">The login name, and the <c>sub</c> of every token delegated by this user.</param>
/// <param name="PasswordHash">A <see cref="PasswordHasher"/> hash; never a password.</param>
/// <param name="Groups">Group names (without <c>group:</c>) that policy <c>oauth.users</c> entries can name.</param>
public sealed record UserAccount(string Id, string? DisplayName, string PasswordHash, IReadOnlyList<string> Groups)
{
    public override string ToString() => Id;
}
