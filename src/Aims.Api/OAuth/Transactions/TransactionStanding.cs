using Aims.Core.Identity;
using Aims.Core.OAuth;
using Aims.Core.Tokens;
using Aims.Core.Transactions;
using Aims.Grains;
using Aims.Grains.Agents;

namespace Aims.Api.OAuth.Transactions;

/// <summary>
/// Whether the parties of a validly signed Txn-Token still stand behind it: its subject and every workload of its call
/// chain. The silo's revocation cache answers first; then the durable state of each party that is an agent of this
/// trust domain, so a lost signal never makes a revoked transaction usable again.
/// </summary>
internal sealed record TransactionStanding(string? InactiveReason, ScopeSet? Ceiling)
{
    public ScopeSet Narrow(ScopeSet scope) => Ceiling is null ? scope : scope.Intersect(Ceiling);

    public static async Task<TransactionStanding> CheckAsync(IGrainFactory grains, TxnToken token, TrustDomain trustDomain, RevocationCache? cache)
    {
        if (cache?.RevocationReason(token) is { } cached)
            return new TransactionStanding(cached, null);

        ScopeSet? ceiling = null;
        foreach (var party in token.RequestingWorkloads.Prepend(token.Subject).Distinct(StringComparer.Ordinal))
        {
            if (!SpiffeId.TryParse(party, out var agentId) || !agentId.IsMemberOf(trustDomain))
                continue;

            var agent = await grains.Reference<IAgentGrain>(GrainKeys.Agent(agentId)).GetRevocationAsync();
            if (agent.RevokedBefore is { } revokedAt && token.IssuedAt <= revokedAt)
                return new TransactionStanding($"{party} was revoked at {revokedAt:O} ({agent.State})", null);
            if (agent.ReducedScope is { } reduced)
                ceiling = ceiling is null ? ScopeSet.Parse(reduced) : ceiling.Intersect(ScopeSet.Parse(reduced));
        }

        return new TransactionStanding(null, ceiling);
    }
}
