using System.Runtime.CompilerServices;
using Aims.Core.Users;
using Aims.Grains.Hosting;

namespace Aims.Grains.Sessions;

/// <summary>The user store of <c>Aims:OAuth:Users</c>, built once per options instance and checked as it is built.</summary>
internal static class ConfiguredUsers
{
    private static readonly ConditionalWeakTable<OAuthOptions, UserDirectory> Directories = [];

    /// <exception cref="ArgumentException">A configured user is malformed (the message says which and why).</exception>
    public static UserDirectory Of(AimsOptions options) =>
        Directories.GetValue(options.OAuth, oauth => new UserDirectory(
            oauth.Users.Select(u => new UserAccount(u.Id, u.DisplayName, u.PasswordHash, [.. u.Groups]))));
}
