using Aims.Core.Identity;

namespace Aims.Core.Policy;

/// <summary>The facts an access token decision rests on: which agent asks, for what, and on whose behalf.</summary>
/// <param name="Client">The agent the token is for; the first rule whose pattern matches it decides.</param>
/// <param name="RequestedScopes">
/// The <c>scope</c> of the token request (RFC 6749 §3.3); empty when the request names none, which grants no scopes.
/// </param>
/// <param name="Resources">Requested audiences/resources (RFC 8707 §2); empty when none is named.</param>
/// <param name="ActorDepth">
/// How many nested <c>act</c> claims (RFC 8693 §4.1) the issued token would carry; 0 when the agent acts for itself.
/// </param>
/// <param name="Impersonation">Whether the agent asks to become the subject without an <c>act</c> claim.</param>
/// <param name="User">The user delegating to the agent, or null when no user is involved.</param>
public sealed record TokenPolicyRequest(
    SpiffeId Client,
    IReadOnlyCollection<string> RequestedScopes,
    IReadOnlyCollection<string> Resources,
    int ActorDepth = 0,
    bool Impersonation = false,
    string? User = null)
{
    /// <summary>
    /// The groups <see cref="User"/> belongs to, as the identity provider asserted them, without the <c>group:</c>
    /// prefix; a <c>group:name</c> entry of <see cref="OAuthRule.Users"/> matches only through this list.
    /// </summary>
    public IReadOnlyCollection<string> UserGroups { get; init; } = [];
}
