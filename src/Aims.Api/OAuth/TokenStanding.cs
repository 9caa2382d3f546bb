using Aims.Core.Agents;
using Aims.Core.Identity;
using Aims.Core.OAuth;
using Aims.Core.Tokens;
using Aims.Grains;
using Aims.Grains.Agents;
using Aims.Grains.OAuth;
using Aims.Grains.Partners;

namespace Aims.Api.OAuth;

/// <summary>
/// Whether the parties of a validly signed access token still stand behind it. The silo's revocation cache answers
/// first (fed by the signal stream); then the durable state of every agent of this trust domain the token names
/// (client, subject, actors) is read, so a lost signal never makes a revoked token active again. A token names a
/// registered client that must exist; an agent of a partner trust domain has what its own fabric's signals said of it
/// (<see cref="IPartnerAgentGrain"/>).
/// </summary>
internal sealed record TokenStanding(string? InactiveReason, ScopeSet? Ceiling)
{
    public ScopeSet Narrow(ScopeSet scope) => Ceiling is null ? scope : scope.Intersect(Ceiling);

    public static async Task<TokenStanding> CheckAsync(IGrainFactory grains, AccessToken token, TrustDomain trustDomain, RevocationCache? cache)
    {
        if (cache?.RevocationReason(token) is { } cached)
            return new TokenStanding(cached, null);

        ScopeSet? ceiling = null;
        foreach (var party in Parties(token))
        {
            if (!SpiffeId.TryParse(party, out var agentId))
            {
                if (party == token.ClientId && await grains.Reference<IOAuthClientGrain>(GrainKeys.OAuthClient(party)).GetAsync() is null)
                    return new TokenStanding($"client {party} is not registered", null);
                continue;
            }

            if (!agentId.IsMemberOf(trustDomain))
            {
                // An agent of a partner trust domain (identity chaining): what its own fabric's signals said of it.
                var partner = (await grains.Reference<IPartnerAgentGrain>(GrainKeys.Agent(agentId)).GetAsync()).ToStanding();
                if (partner.Revokes(token.IssuedAt))
                    return new TokenStanding($"{party} was revoked by its own trust domain at {partner.RevokedBefore:O}", null);
                if (partner.Ceiling is { } partnerCeiling)
                    ceiling = ceiling is null ? partnerCeiling : ceiling.Intersect(partnerCeiling);
                continue;
            }

            var agent = await grains.Reference<IAgentGrain>(GrainKeys.Agent(agentId)).GetRevocationAsync();
            if (party == token.ClientId && (!agent.Registered || !AgentTransitions.CanReceiveTokens(agent.State)))
                return new TokenStanding($"client {party} is {(agent.Registered ? agent.State.ToString() : "not registered")}", null);
            if (agent.RevokedBefore is { } revokedAt && token.IssuedAt <= revokedAt)
                return new TokenStanding($"{party} was revoked at {revokedAt:O} ({agent.State})", null);
            if (agent.ReducedScope is { } reduced)
                ceiling = ceiling is null ? ScopeSet.Parse(reduced) : ceiling.Intersect(ScopeSet.Parse(reduced));
        }

        return new TokenStanding(null, ceiling);
    }

    private static IEnumerable<string> Parties(AccessToken token) =>
        new[] { token.ClientId, token.Subject }.Concat(token.Actors).Distinct(StringComparer.Ordinal);
}
