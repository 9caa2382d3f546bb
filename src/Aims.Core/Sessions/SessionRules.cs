using Aims.Core.OAuth;

namespace Aims.Core.Sessions;

/// <summary>
/// The decisions of the code and refresh grants, as pure functions of what the session holds, what was presented
/// and the time. The first failing check decides; the order puts "is this credential ours at all" first, so a
/// guess never learns more than "unknown".
/// </summary>
public static class SessionRules
{
    /// <summary>RFC 6749 §4.1.3 and RFC 7636 §4.6 for a code presented to the session it names.</summary>
    public static SessionCheck CheckCode(SessionState state, SessionGrant grant, CodePresentation presented, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(grant);
        ArgumentNullException.ThrowIfNull(presented);
        if (!OpaqueSecrets.Matches(presented.Code, grant.CodeHash))
            return SessionCheck.Unknown;

        return state switch
        {
            SessionState.Established => SessionCheck.Replayed,
            SessionState.Authorized => CheckFreshCode(grant, presented, now),
            _ => SessionCheck.Inactive,
        };
    }

    /// <summary>RFC 6749 §6 with rotation: only the current token refreshes; a rotated-out one is a replay.</summary>
    public static SessionCheck CheckRefresh(SessionState state, SessionGrant grant, RefreshFamily family, RefreshPresentation presented, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(grant);
        ArgumentNullException.ThrowIfNull(family);
        ArgumentNullException.ThrowIfNull(presented);
        var current = family.IsCurrent(presented.RefreshToken);
        if (!current && !family.IsRotatedOut(presented.RefreshToken))
            return SessionCheck.Unknown;
        if (state != SessionState.Established)
            return SessionCheck.Inactive;
        if (!current)
            return SessionCheck.Replayed;
        if (!string.Equals(presented.ClientId, grant.ClientId, StringComparison.Ordinal))
            return SessionCheck.OtherClient;
        if (now >= grant.ExpiresAt)
            return SessionCheck.Expired;
        if (!presented.Scope.IsSubsetOf(grant.Scope))
            return SessionCheck.ScopeWidened;
        return WithinGrantedResources(presented.Resources, grant) ? SessionCheck.Accepted : SessionCheck.ResourceWidened;
    }

    /// <summary>The scope a token is issued with: what was asked for, or everything granted when nothing was (RFC 6749 §6).</summary>
    public static ScopeSet ScopeFor(ScopeSet requested, SessionGrant grant) => requested.IsEmpty ? grant.Scope : requested;

    /// <summary>The audience a token is issued for: the requested subset, or every granted resource (RFC 8707 §2.2).</summary>
    public static IReadOnlyList<string> ResourcesFor(IReadOnlyList<string> requested, SessionGrant grant) =>
        requested.Count == 0 ? grant.Resources : requested;

    /// <summary>The token endpoint error for a refusal; descriptions say what the client should do.</summary>
    public static OAuthError ErrorFor(SessionCheck check, SessionCredentialKind kind)
    {
        var what = kind == SessionCredentialKind.AuthorizationCode ? "authorization code" : "refresh token";
        return check switch
        {
            SessionCheck.Unknown => OAuthError.InvalidGrant($"the {what} is not valid (RFC 6749 section 5.2); send the user through /oauth2/authorize again"),
            SessionCheck.Replayed => OAuthError.InvalidGrant(kind == SessionCredentialKind.AuthorizationCode
                ? "the authorization code was already used; it is single-use, so the session and every token issued from it are revoked (RFC 6749 section 4.1.2)"
                : "the refresh token was already rotated out; a replay means a copy exists, so the session and every token issued from it are revoked (RFC 9700 section 4.14.2)"),
            SessionCheck.Inactive => OAuthError.InvalidGrant($"the {what} belongs to a session that was revoked or ended; send the user through /oauth2/authorize again"),
            SessionCheck.Expired => OAuthError.InvalidGrant(kind == SessionCredentialKind.AuthorizationCode
                ? $"the authorization code expired; codes live {SessionLimits.CodeLifetime.TotalSeconds:0} seconds (RFC 6749 section 4.1.2)"
                : "the session reached its absolute lifetime (the policy's refresh_token_ttl); send the user through /oauth2/authorize again"),
            SessionCheck.OtherClient => OAuthError.InvalidGrant($"the {what} was issued to another client (RFC 6749 section 5.2)"),
            SessionCheck.RedirectMismatch => OAuthError.InvalidGrant("redirect_uri differs from the one in the authorization request; send the identical value (RFC 6749 section 4.1.3)"),
            SessionCheck.PkceMismatch => OAuthError.InvalidGrant("code_verifier does not match the code_challenge of the authorization request (RFC 7636 section 4.6)"),
            SessionCheck.ScopeWidened => OAuthError.InvalidScope("a refresh may only narrow the scope; ask for a subset of what the user granted (RFC 6749 section 6)"),
            SessionCheck.ResourceWidened => OAuthError.InvalidTarget("resource must be one the user granted at consent, or a subset of them (RFC 8707 section 2.2)"),
            _ => throw new ArgumentOutOfRangeException(nameof(check), check, "Accepted is not an error."),
        };
    }

    private static SessionCheck CheckFreshCode(SessionGrant grant, CodePresentation presented, DateTimeOffset now)
    {
        if (SessionLimits.CodeExpired(grant.AuthorizedAt, now))
            return SessionCheck.Expired;
        if (!string.Equals(presented.ClientId, grant.ClientId, StringComparison.Ordinal))
            return SessionCheck.OtherClient;
        if (!string.Equals(presented.RedirectUri, grant.RedirectUri, StringComparison.Ordinal))
            return SessionCheck.RedirectMismatch;
        if (!Pkce.Verify(presented.CodeVerifier, grant.CodeChallenge))
            return SessionCheck.PkceMismatch;
        return WithinGrantedResources(presented.Resources, grant) ? SessionCheck.Accepted : SessionCheck.ResourceWidened;
    }

    private static bool WithinGrantedResources(IReadOnlyList<string> requested, SessionGrant grant) =>
        requested.All(resource => grant.Resources.Contains(resource, StringComparer.Ordinal));
}
