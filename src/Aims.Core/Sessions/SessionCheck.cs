namespace Aims.Core.Sessions;

/// <summary>The verdict on a code or refresh token presented to its session, before anything is issued.</summary>
public enum SessionCheck
{
    Accepted = 0,

    /// <summary>The credential names this session but is not one it issued: refused, and nothing else happens.</summary>
    Unknown = 1,

    /// <summary>
    /// A code redeemed before, or a refresh token already rotated out, is back: someone holds a copy. The session and
    /// everything it issued are revoked (RFC 6749 §4.1.2, RFC 9700 §4.14.2).
    /// </summary>
    Replayed = 2,

    /// <summary>The session was already revoked or ended.</summary>
    Inactive = 3,

    /// <summary>The code outlived <see cref="SessionLimits.CodeLifetime"/>, or the session its absolute lifetime.</summary>
    Expired = 4,

    /// <summary>RFC 6749 §4.1.3, §6: the credential was issued to another client.</summary>
    OtherClient = 5,

    /// <summary>RFC 6749 §4.1.3: redirect_uri differs from the one of the authorization request.</summary>
    RedirectMismatch = 6,

    /// <summary>RFC 7636 §4.6: the code_verifier does not match the code_challenge.</summary>
    PkceMismatch = 7,

    /// <summary>RFC 6749 §6: a refresh may narrow the scope, never widen it.</summary>
    ScopeWidened = 8,

    /// <summary>RFC 8707 §2.2: a token request may name the granted resources or a subset, nothing else.</summary>
    ResourceWidened = 9,
}
