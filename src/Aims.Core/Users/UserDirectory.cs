namespace Aims.Core.Users;

/// <summary>
/// The user store of the login page. Sign-in costs one password hash whether or not the user exists, so the
/// answer time does not tell an attacker which user names are real.
/// </summary>
public sealed class UserDirectory
{
    /// <summary>Longer user names are refused before any lookup.</summary>
    public const int MaxUserNameLength = 256;

    // Verified when the user name is unknown, so that path costs what a real verification costs.
    private static readonly Lazy<string> DecoyHash = new(() => PasswordHasher.Hash(Guid.NewGuid().ToString("N"), PasswordHasher.MinimumIterations));

    private readonly Dictionary<string, UserAccount> _users;

    /// <exception cref="ArgumentException">A user has no id, a malformed hash, or an id another user has too.</exception>
    public UserDirectory(IEnumerable<UserAccount> users)
    {
        ArgumentNullException.ThrowIfNull(users);
        _users = new Dictionary<string, UserAccount>(StringComparer.Ordinal);
        foreach (var user in users)
        {
            if (string.IsNullOrEmpty(user.Id) || user.Id.Length > MaxUserNameLength)
                throw new ArgumentException($"Every user needs an id of 1 to {MaxUserNameLength} characters.", nameof(users));
            if (!PasswordHasher.IsWellFormed(user.PasswordHash, out var error))
                throw new ArgumentException($"User {user.Id}: {error}.", nameof(users));
            if (!_users.TryAdd(user.Id, user))
                throw new ArgumentException($"User {user.Id} is configured twice.", nameof(users));
        }
    }

    public int Count => _users.Count;

    public UserAccount? Find(string id) => _users.GetValueOrDefault(id);

    /// <summary>The user when the name exists and the password is right; null otherwise, for either reason alike.</summary>
    public UserAccount? Authenticate(string userName, string password)
    {
        ArgumentNullException.ThrowIfNull(userName);
        ArgumentNullException.ThrowIfNull(password);
        if (userName.Length > MaxUserNameLength || !_users.TryGetValue(userName, out var user))
        {
            PasswordHasher.Verify(password, DecoyHash.Value);
            return null;
        }

        return PasswordHasher.Verify(password, user.PasswordHash) ? user : null;
    }
}
