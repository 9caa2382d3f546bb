using Aims.Core.Identity;

namespace Aims.Core.Agents;

/// <summary>
/// Moving an agent to a new SPIFFE ID (a team or path reorganisation). A SPIFFE ID is the agent's name in every
/// credential it holds, so a move is a new registration plus the termination of the old one: the new agent keeps the
/// old one's policy, selectors and metadata but nothing that was issued (it attests again), and relying parties learn
/// the new name from RISC identifier-changed. A move never lifts what was put on an agent: a suspended or
/// scope-reduced agent is resumed or restored first, and a compromised identity is replaced, never renamed.
/// </summary>
public static class AgentMoves
{
    /// <summary>Null when <paramref name="to"/> may become the new ID of the agent now named <paramref name="from"/>; otherwise what is wrong with it.</summary>
    public static string? CheckTarget(SpiffeId from, SpiffeId to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        if (from == to)
            return $"spiffe_id {to} is the agent's current ID; a move needs a different one";
        if (to.TrustDomain != from.TrustDomain)
            return $"an agent moves within its trust domain {from.TrustDomain.Name}; {to} is in {to.TrustDomain.Name} (federate instead)";
        if (to.Path.Length == 0)
            return "spiffe_id must have a path; the bare trust domain ID names the trust domain, not an agent (SPIFFE-ID §2.2)";
        return null;
    }

    /// <summary>
    /// Null when an agent in state <paramref name="from"/> may move (exactly when <see cref="AgentTransitions.Move"/>
    /// allows it); otherwise why not and what the operator can do instead.
    /// </summary>
    public static string? Refusal(AgentState from) => from switch
    {
        AgentState.Registered or AgentState.Attested or AgentState.Active => null,
        AgentState.Suspended => "the agent is suspended; a move would give the new ID a fresh start, so resume it first (or terminate it and register the new ID)",
        AgentState.ScopeReduced => "the agent's scope is reduced; a move would give the new ID its policy's full ceiling, so restore its scope first",
        AgentState.Compromised => "the agent is compromised; a compromised identity is replaced, never moved: terminate it and register the new ID, which attests afresh",
        AgentState.Terminated => "the agent is terminated; register the new ID instead",
        _ => $"the agent is {from}",
    };
}
