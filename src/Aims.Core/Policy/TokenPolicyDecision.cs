using Aims.Core.Identity;

namespace Aims.Core.Policy;

/// <summary>The outcome of <see cref="PolicyEvaluator.EvaluateToken"/>.</summary>
/// <param name="Reason">
/// Human-readable: which rule matched and, on a denial, what it did not allow; when some requested scopes were dropped,
/// which.
/// </param>
/// <param name="GrantedScopes">
/// The requested scopes the rule allows, distinct and in ordinal order; empty on a denial or when none was requested.
/// </param>
/// <param name="AccessTokenTtl">The rule's access token lifetime; zero on a denial.</param>
/// <param name="RefreshTokenTtl">The rule's refresh token lifetime; zero on a denial.</param>
/// <param name="RuleIndex">The position of the first rule that matched the client, or null when none did.</param>
public sealed record TokenPolicyDecision(
    bool Allowed,
    string Reason,
    IReadOnlyList<string> GrantedScopes,
    TimeSpan AccessTokenTtl,
    TimeSpan RefreshTokenTtl,
    int? RuleIndex)
{
    /// <summary>What refused the request; <see cref="TokenDenial.None"/> when allowed.</summary>
    public TokenDenial Denial { get; init; }

    /// <summary>
    /// The one agent the rule lets act for the client, to be written as the token's <c>may_act</c> (RFC 8693 §4.4);
    /// null when the rule names none or several, or on a denial.
    /// </summary>
    public SpiffeId? MayAct { get; init; }

    public override string ToString() => (Allowed ? "allowed: " : "denied: ") + Reason;
}
