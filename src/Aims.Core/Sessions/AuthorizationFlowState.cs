namespace Aims.Core.Sessions;

/// <summary>
/// One pass of a browser through the login and consent pages: Pending → Authenticated → Completed | Denied |
/// Expired. A pending flow also expires, or locks after too many failed sign-ins. Every state but the first two is final.
/// </summary>
public enum AuthorizationFlowState
{
    /// <summary>No flow exists under this id.</summary>
    None = 0,

    /// <summary>The request was valid; the login page waits for the user.</summary>
    Pending = 1,

    /// <summary>The user signed in; the consent page waits for a decision.</summary>
    Authenticated = 2,

    /// <summary>The user allowed and a code went to the client.</summary>
    Completed = 3,

    /// <summary>The user, or policy on the user's behalf, refused; the client was told access_denied.</summary>
    Denied = 4,

    /// <summary>The flow outlived <see cref="SessionLimits.FlowLifetime"/>.</summary>
    Expired = 5,

    /// <summary><see cref="SessionLimits.MaxFailedLogins"/> sign-ins failed; the user must start again from the client.</summary>
    Locked = 6,
}
