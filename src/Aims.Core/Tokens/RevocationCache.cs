using System.Collections.Concurrent;
using Aims.Core.OAuth;

namespace Aims.Core.Tokens;

/// <summary>
/// What one silo (or one resource server) has learned is revoked, so that validating a token needs no grain call:
/// single tokens by <c>jti</c>, and whole agents from a moment on (a compromise, suspension or termination revokes
/// every token the agent was issued, holds as actor, or is the subject of, if issued at or before that moment).
/// Scope reductions are kept as the agent's reduced ceiling. Fed by the cluster's signal stream; never the only
/// line of defence (introspection consults durable state). Safe for concurrent use.
/// </summary>
public sealed class RevocationCache
{
    /// <summary>How long an agent-wide entry is kept: no token outlives this, so older entries can revoke nothing.</summary>
    public static readonly TimeSpan AgentEntryLifetime = TimeSpan.FromDays(1);

    private readonly ConcurrentDictionary<string, DateTimeOffset> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _agents = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ScopeSet> _ceilings = new(StringComparer.Ordinal);

    public int Count => _tokens.Count + _agents.Count + _ceilings.Count;

    /// <summary>One token is revoked until it expires anyway.</summary>
    public void RevokeToken(string jti, DateTimeOffset expiresAt)
    {
        ArgumentException.ThrowIfNullOrEmpty(jti);
        _tokens[jti] = expiresAt;
    }

    /// <summary>Every token of <paramref name="agent"/> issued at or before <paramref name="revokedAt"/> is revoked.</summary>
    public void RevokeAgent(string agent, DateTimeOffset revokedAt)
    {
        ArgumentException.ThrowIfNullOrEmpty(agent);
        _agents.AddOrUpdate(agent, revokedAt, (_, existing) => existing > revokedAt ? existing : revokedAt);
    }

    /// <summary>The agent's tokens carry at most <paramref name="ceiling"/> from now on; null lifts the reduction.</summary>
    public void SetScopeCeiling(string agent, ScopeSet? ceiling)
    {
        ArgumentException.ThrowIfNullOrEmpty(agent);
        if (ceiling is null)
            _ceilings.TryRemove(agent, out _);
        else
            _ceilings[agent] = ceiling;
    }

    /// <summary>Why <paramref name="token"/> is revoked, or null when nothing known here revokes it.</summary>
    public string? RevocationReason(AccessToken token)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (_tokens.ContainsKey(token.Jti))
            return $"token {token.Jti} was revoked";
        foreach (var party in Parties(token))
        {
            // iat has whole seconds: a token issued in the second of the revocation is refused too (fail closed).
            if (_agents.TryGetValue(party, out var revokedAt) && token.IssuedAt <= revokedAt)
                return $"{party} was revoked at {revokedAt:O}, after this token was issued";
        }

        return null;
    }

    /// <summary>
    /// Why a workload credential of <paramref name="agent"/> issued at <paramref name="issuedAt"/> (a WIT) is revoked,
    /// or null: the agent was revoked at or after that moment, or the credential's <paramref name="jti"/> was.
    /// </summary>
    public string? CredentialRevocationReason(string agent, string? jti, DateTimeOffset issuedAt)
    {
        ArgumentException.ThrowIfNullOrEmpty(agent);
        if (!string.IsNullOrEmpty(jti) && _tokens.ContainsKey(jti))
            return $"credential {jti} was revoked";
        return _agents.TryGetValue(agent, out var revokedAt) && issuedAt <= revokedAt
            ? $"{agent} was revoked at {revokedAt:O}, after this credential was issued"
            : null;
    }

    /// <summary>The scope the token still carries: its own, narrowed by every reduced ceiling of the parties to it.</summary>
    public ScopeSet EffectiveScope(AccessToken token)
    {
        ArgumentNullException.ThrowIfNull(token);
        var scope = token.Scope;
        foreach (var party in Parties(token))
        {
            if (_ceilings.TryGetValue(party, out var ceiling))
                scope = scope.Intersect(ceiling);
        }

        return scope;
    }

    /// <summary>
    /// Why a transaction token is revoked: its subject, or a workload of its call chain (<c>req_wl</c>), was revoked at or
    /// after the token was issued; null when nothing known here revokes it.
    /// </summary>
    public string? RevocationReason(Transactions.TxnToken token)
    {
        ArgumentNullException.ThrowIfNull(token);
        foreach (var party in token.RequestingWorkloads.Prepend(token.Subject))
        {
            if (_agents.TryGetValue(party, out var revokedAt) && token.IssuedAt <= revokedAt)
                return $"{party} was revoked at {revokedAt:O}, after transaction {token.Txn} was issued this token";
        }

        return null;
    }

    /// <summary>The scope a transaction token still carries: its own, narrowed by every reduced ceiling of its parties.</summary>
    public ScopeSet EffectiveScope(Transactions.TxnToken token)
    {
        ArgumentNullException.ThrowIfNull(token);
        var scope = token.Scope;
        foreach (var party in token.RequestingWorkloads.Prepend(token.Subject))
        {
            if (_ceilings.TryGetValue(party, out var ceiling))
                scope = scope.Intersect(ceiling);
        }

        return scope;
    }

    /// <summary>Drops entries that can no longer revoke anything.</summary>
    public void Prune(DateTimeOffset now)
    {
        foreach (var (jti, expiresAt) in _tokens)
        {
            if (expiresAt <= now)
                _tokens.TryRemove(jti, out _);
        }

        foreach (var (agent, revokedAt) in _agents)
        {
            if (revokedAt + AgentEntryLifetime <= now)
                _agents.TryRemove(agent, out _);
        }
    }

    private static IEnumerable<string> Parties(AccessToken token)
    {
        yield return token.Subject;
        if (token.ClientId != token.Subject)
            yield return token.ClientId;
        foreach (var actor in token.Actors)
            yield return actor;
    }
}
