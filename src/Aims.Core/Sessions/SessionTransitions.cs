using Aims.Core.StateMachines;

namespace Aims.Core.Sessions;

/// <summary>Every legal move of <see cref="SessionState"/>; anything else throws <see cref="InvalidTransitionException"/>.</summary>
public static class SessionTransitions
{
    /// <summary>Consent was given and a code issued; a session id is used once.</summary>
    public static SessionState Authorize(SessionState from) =>
        from == SessionState.None ? SessionState.Authorized : throw Illegal(from, "authorize");

    /// <summary>The authorization code was redeemed, once.</summary>
    public static SessionState Establish(SessionState from) =>
        from == SessionState.Authorized ? SessionState.Established : throw Illegal(from, "establish");

    public static SessionState Revoke(SessionState from) =>
        IsLive(from) ? SessionState.Revoked : throw Illegal(from, "revoke");

    public static SessionState End(SessionState from) =>
        IsLive(from) ? SessionState.Ended : throw Illegal(from, "end");

    public static bool IsLive(SessionState state) => state is SessionState.Authorized or SessionState.Established;

    private static InvalidTransitionException Illegal(SessionState from, string action) => new("session", from.ToString(), action);
}
