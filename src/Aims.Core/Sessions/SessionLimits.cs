namespace Aims.Core.Sessions;

/// <summary>The time and count limits of the authorization code flow, in one place.</summary>
public static class SessionLimits
{
    /// <summary>
    /// RFC 6749 §4.1.2 recommends at most 10 minutes; a client redeems its code within seconds of the redirect,
    /// and a short life leaves a leaked code little time.
    /// </summary>
    public static readonly TimeSpan CodeLifetime = TimeSpan.FromSeconds(60);

    /// <summary>How long a browser has from the login page to the consent decision.</summary>
    public static readonly TimeSpan FlowLifetime = TimeSpan.FromMinutes(10);

    /// <summary>Failed sign-ins a flow tolerates; the next attempt finds it locked.</summary>
    public const int MaxFailedLogins = 5;

    /// <summary>
    /// Hashes of rotated-out refresh tokens a session remembers to detect replay. Beyond this the oldest are
    /// forgotten: replaying one of those is refused as unknown, without revoking the family.
    /// </summary>
    public const int MaxRefreshHistory = 256;

    /// <summary>True once a flow started at <paramref name="startedAt"/> may no longer be used.</summary>
    public static bool FlowExpired(DateTimeOffset startedAt, DateTimeOffset now) => now >= startedAt + FlowLifetime;

    /// <summary>True once a code issued at <paramref name="authorizedAt"/> may no longer be redeemed.</summary>
    public static bool CodeExpired(DateTimeOffset authorizedAt, DateTimeOffset now) => now >= authorizedAt + CodeLifetime;
}
