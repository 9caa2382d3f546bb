using Aims.Core.Users;
using Aims.Grains.Hosting;

namespace Aims.Grains.Tests.Sessions;

/// <summary>The cluster's user store and registration limits for the authorization code flow.</summary>
internal static class SessionTestOptions
{
    public const string User = "alice";

    public const string Password = "correct horse battery staple";

    public const string Scope = "read:reports";

    public const string Resource = "https://api.example/reports";

    public static OAuthOptions OAuth { get; } = new()
    {
        Users = [new UserOptions { Id = User, PasswordHash = PasswordHasher.Hash(Password, PasswordHasher.MinimumIterations), Groups = ["analysts"] }],
        Registration = new RegistrationOptions { Scopes = [Scope], Resources = ["https://api.example/*"] },
    };
}
