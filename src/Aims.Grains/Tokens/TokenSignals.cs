using Aims.Core.OAuth;
using Aims.Core.Tokens;
using Aims.Grains.Signals;

namespace Aims.Grains.Tokens;

/// <summary>What an agent signal does to a live token record: revoke it if issued at or before the revocation, or narrow its scope.</summary>
internal static class TokenSignals
{
    public static TokenRecord Apply(TokenRecord record, AgentSignal signal) => signal.Kind switch
    {
        AgentSignalKind.Revoked when signal.RevokedBefore is { } revokedAt && record.IssuedAt <= revokedAt =>
            record with { State = TokenTransitions.Revoke(record.State), RevocationReason = $"{signal.Agent} revoked at {revokedAt:O} (signal {signal.Txn})" },
        AgentSignalKind.ScopeReduced =>
            record with { State = TokenTransitions.ReduceScope(record.State), Scope = ScopeSet.Parse(record.Scope).Intersect(ScopeSet.Parse(signal.Ceiling)).ToString() },
        _ => record,
    };

    /// <summary>Every agent a token names: the silo relay finds the token's activation under each.</summary>
    public static IEnumerable<string> Parties(TokenRecord record) =>
        new[] { record.Subject, record.ClientId }.Distinct(StringComparer.Ordinal);
}
