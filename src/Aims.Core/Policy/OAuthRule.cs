namespace Aims.Core.Policy;

/// <summary>
/// The <c>oauth</c> section of a rule: the ceiling on the access tokens an agent the rule matches may get. A rule
/// without one grants no access tokens.
/// </summary>
/// <param name="Scopes">
/// Scopes the agent may be granted: exact scope tokens (RFC 6749 §3.3), or "*" for any. Requested scopes are intersected
/// with this list. A scope such as "read:*" is an exact string, not a prefix pattern.
/// </param>
/// <param name="Resources">
/// Allowed access token audiences/resources (RFC 8707): exact strings, or patterns ending in "*" that match by prefix,
/// as for <see cref="PolicyRule.Audiences"/>.
/// </param>
/// <param name="Users">
/// Users who may delegate to the agent: exact user IDs, <c>group:name</c> for members of a group, or "*" for any user.
/// Empty means no user delegation.
/// </param>
public sealed record OAuthRule(
    IReadOnlyList<string> Scopes,
    IReadOnlyList<string> Resources,
    TimeSpan AccessTokenTtl,
    TimeSpan RefreshTokenTtl,
    DelegationRule Delegation,
    IReadOnlyList<string> Users)
{
    /// <summary>
    /// Whether and how the agent may obtain transaction tokens (<c>oauth.transactions</c>); null when it may not. An
    /// init-only member so that rules written before it keep compiling and comparing.
    /// </summary>
    public TransactionRule? Transactions { get; init; }

    /// <summary>
    /// Which partner authorization servers the agent may obtain JWT authorization grants for (<c>oauth.chaining</c>,
    /// identity chaining); null when it may not.
    /// </summary>
    public ChainingRule? Chaining { get; init; }

    public bool Equals(OAuthRule? other) =>
        other is not null
        && Scopes.SequenceEqual(other.Scopes, StringComparer.Ordinal)
        && Resources.SequenceEqual(other.Resources, StringComparer.Ordinal)
        && AccessTokenTtl == other.AccessTokenTtl
        && RefreshTokenTtl == other.RefreshTokenTtl
        && Delegation.Equals(other.Delegation)
        && Users.SequenceEqual(other.Users, StringComparer.Ordinal)
        && EqualityComparer<TransactionRule?>.Default.Equals(Transactions, other.Transactions)
        && EqualityComparer<ChainingRule?>.Default.Equals(Chaining, other.Chaining);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var scope in Scopes)
            hash.Add(scope, StringComparer.Ordinal);
        hash.Add(Scopes.Count);
        foreach (var resource in Resources)
            hash.Add(resource, StringComparer.Ordinal);
        hash.Add(Resources.Count);
        hash.Add(AccessTokenTtl);
        hash.Add(RefreshTokenTtl);
        hash.Add(Delegation);
        foreach (var user in Users)
            hash.Add(user, StringComparer.Ordinal);
        hash.Add(Transactions);
        hash.Add(Chaining);
        return hash.ToHashCode();
    }
}
