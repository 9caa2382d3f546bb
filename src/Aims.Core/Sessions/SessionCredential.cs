namespace Aims.Core.Sessions;

/// <summary>
/// Authorization codes and refresh tokens: <c>aims_ac_</c> or <c>aims_rt_</c>, the session id (so the session's
/// grain can be found without a lookup table), a dot, and 256 random bits. Only <see cref="Hash"/> is stored. The
/// prefix lets secret scanners recognise a leaked token.
/// </summary>
public sealed class SessionCredential
{
    public const string CodePrefix = "aims_ac_";
    public const string RefreshTokenPrefix = "aims_rt_";

    private const int PrefixLength = 8;
    private const int Length = PrefixLength + OpaqueSecrets.IdLength + 1 + OpaqueSecrets.SecretLength;

    private SessionCredential(string value, string sessionId)
    {
        Value = value;
        SessionId = sessionId;
        Hash = OpaqueSecrets.Hash(value);
    }

    /// <summary>The credential to hand out; it is never stored.</summary>
    public string Value { get; }

    public string SessionId { get; }

    /// <summary>What the session stores and compares against (<see cref="OpaqueSecrets.Hash"/> of the value).</summary>
    public string Hash { get; }

    /// <summary>A fresh credential of <paramref name="kind"/> for the session <paramref name="sessionId"/>.</summary>
    /// <exception cref="ArgumentException">The session id is not an <see cref="OpaqueSecrets.NewId"/> value.</exception>
    public static SessionCredential Issue(SessionCredentialKind kind, string sessionId)
    {
        if (!OpaqueSecrets.IsOpaque(sessionId, OpaqueSecrets.IdLength))
            throw new ArgumentException("A session id is 22 base64url characters.", nameof(sessionId));
        return new SessionCredential(Prefix(kind) + sessionId + "." + OpaqueSecrets.NewSecret(), sessionId);
    }

    /// <summary>The session a presented credential names, when it has the exact form of <paramref name="kind"/>; says nothing of its validity.</summary>
    public static bool TryReadSessionId(string? value, SessionCredentialKind kind, out string sessionId)
    {
        sessionId = string.Empty;
        if (value is not { Length: Length } || !value.StartsWith(Prefix(kind), StringComparison.Ordinal)
            || value[PrefixLength + OpaqueSecrets.IdLength] != '.'
            || !OpaqueSecrets.IsOpaque(value.AsSpan(PrefixLength, OpaqueSecrets.IdLength), OpaqueSecrets.IdLength)
            || !OpaqueSecrets.IsOpaque(value.AsSpan(PrefixLength + OpaqueSecrets.IdLength + 1), OpaqueSecrets.SecretLength))
            return false;

        sessionId = value.Substring(PrefixLength, OpaqueSecrets.IdLength);
        return true;
    }

    public override string ToString() => $"{SessionId} ({Hash[..8]}…)";

    private static string Prefix(SessionCredentialKind kind) => kind switch
    {
        SessionCredentialKind.AuthorizationCode => CodePrefix,
        SessionCredentialKind.RefreshToken => RefreshTokenPrefix,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
