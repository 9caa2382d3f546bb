namespace Aims.Grains.Hosting;

/// <summary>One user of the configured user store (<c>Aims:OAuth:Users:N</c>).</summary>
public sealed class UserOptions
{
    /// <summary>The user ID: the login name and the <c>sub</c> of tokens delegated by this user.</summary>
    public string Id { get; set; } = string.Empty;

    public string? DisplayName { get; set; }

    /// <summary><c>pbkdf2-sha256$&lt;iterations&gt;$&lt;base64 salt&gt;$&lt;base64 32-byte key&gt;</c>; never a plain password.</summary>
    public string PasswordHash { get; set; } = string.Empty;

    /// <summary>Groups for policy <c>users</c> entries of the form <c>group:name</c>.</summary>
    public List<string> Groups { get; set; } = [];
}
