namespace Aims.Core.Policy;

/// <summary>Which part of an access token policy refused a request, so protocol layers pick their error code from it, not from text.</summary>
public enum TokenDenial
{
    /// <summary>Not denied.</summary>
    None = 0,

    /// <summary>No rule matches the client, or its rule grants no access tokens (RFC 6749 unauthorized_client).</summary>
    NotAuthorized = 1,

    /// <summary>The requested scope (RFC 6749 invalid_scope).</summary>
    Scope = 2,

    /// <summary>A requested resource or audience (RFC 8707 invalid_target).</summary>
    Resource = 3,

    /// <summary>Delegation, its depth, or impersonation.</summary>
    Delegation = 4,

    /// <summary>The delegating user.</summary>
    User = 5,
}
