namespace Aims.Core.Sessions;

/// <summary>
/// A user's delegation to a client (ARCHITECTURE.md SessionGrain): Authorized (a code was issued at consent) →
/// Established (the code was redeemed; refresh tokens rotate) → Revoked | Ended. Revoked and Ended are final.
/// </summary>
public enum SessionState
{
    /// <summary>No session exists under this id.</summary>
    None = 0,

    /// <summary>The user consented; the authorization code waits to be redeemed.</summary>
    Authorized = 1,

    /// <summary>The code was redeemed; the current refresh token renews access until the absolute lifetime.</summary>
    Established = 2,

    /// <summary>Ended for cause: a code or refresh token was replayed, or a revocation was ordered.</summary>
    Revoked = 3,

    /// <summary>Ended normally: the lifetime ran out, the code was never redeemed, or the client let go of it.</summary>
    Ended = 4,
}
