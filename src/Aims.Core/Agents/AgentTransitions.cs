using Aims.Core.StateMachines;

namespace Aims.Core.Agents;

/// <summary>Every legal move of <see cref="AgentState"/>; anything else throws <see cref="InvalidTransitionException"/>.</summary>
public static class AgentTransitions
{
    /// <summary>Evidence satisfied policy. Re-attestation of an attested, active or scope-reduced agent keeps it where it is.</summary>
    public static AgentState Attest(AgentState from) => from switch
    {
        AgentState.Registered => AgentState.Attested,
        AgentState.Attested or AgentState.Active or AgentState.ScopeReduced => from,
        _ => throw Illegal(from, "attest"),
    };

    /// <summary>The first credential was handed out; a scope-reduced agent stays reduced.</summary>
    public static AgentState Activate(AgentState from) => from switch
    {
        AgentState.Attested or AgentState.Active => AgentState.Active,
        AgentState.ScopeReduced => AgentState.ScopeReduced,
        _ => throw Illegal(from, "activate"),
    };

    /// <summary>A live agent can be suspended at any stage; the caller keeps <paramref name="from"/> to resume to.</summary>
    public static AgentState Suspend(AgentState from) => from switch
    {
        AgentState.Registered or AgentState.Attested or AgentState.Active or AgentState.ScopeReduced => AgentState.Suspended,
        _ => throw Illegal(from, "suspend"),
    };

    /// <summary>
    /// Back to where the agent was when it was suspended (Active ⇄ Suspended); resuming never skips attestation,
    /// so an agent suspended before it attested comes back Registered, and one suspended while reduced stays reduced.
    /// </summary>
    public static AgentState Resume(AgentState from, AgentState suspendedFrom) => (from, suspendedFrom) switch
    {
        (AgentState.Suspended, AgentState.Registered or AgentState.Attested or AgentState.Active or AgentState.ScopeReduced) => suspendedFrom,
        _ => throw Illegal(from, "resume"),
    };

    /// <summary>Narrows what the agent may be granted; reducing again narrows further.</summary>
    public static AgentState ReduceScope(AgentState from) => from switch
    {
        AgentState.Active or AgentState.ScopeReduced => AgentState.ScopeReduced,
        _ => throw Illegal(from, "reduce-scope"),
    };

    /// <summary>The agent's full policy ceiling applies again.</summary>
    public static AgentState RestoreScope(AgentState from) => from switch
    {
        AgentState.ScopeReduced => AgentState.Active,
        _ => throw Illegal(from, "restore-scope"),
    };

    /// <summary>
    /// Everything the agent holds is revoked and nothing new is issued to it. Compromising a compromised agent is
    /// refused so that a second signal cannot be mistaken for a new incident.
    /// </summary>
    public static AgentState Compromise(AgentState from) => from switch
    {
        AgentState.Registered or AgentState.Attested or AgentState.Active or AgentState.Suspended or AgentState.ScopeReduced => AgentState.Compromised,
        _ => throw Illegal(from, "compromise"),
    };

    public static AgentState Terminate(AgentState from) => from switch
    {
        AgentState.Terminated => throw Illegal(from, "terminate"),
        _ => AgentState.Terminated,
    };

    /// <summary>
    /// The old ID of a moved agent ends like a terminated one. Only agents without a restriction on them move
    /// (<see cref="AgentMoves.Refusal"/> says why the others do not).
    /// </summary>
    public static AgentState Move(AgentState from) => from switch
    {
        AgentState.Registered or AgentState.Attested or AgentState.Active => AgentState.Terminated,
        _ => throw Illegal(from, "move"),
    };

    /// <summary>Only attested, active or scope-reduced agents may be issued credentials (an SVID is identity, not authority).</summary>
    public static bool CanReceiveCredentials(AgentState state) => state is AgentState.Attested or AgentState.Active or AgentState.ScopeReduced;

    /// <summary>Only active or scope-reduced agents get access tokens; a reduced one within its reduced ceiling.</summary>
    public static bool CanReceiveTokens(AgentState state) => state is AgentState.Active or AgentState.ScopeReduced;

    /// <summary>
    /// Whether what the agent already holds stays valid: suspension, compromise and termination revoke it all (the
    /// agent's revocation epoch moves), scope reduction only narrows it.
    /// </summary>
    public static bool RevokesHeldTokens(AgentState to) => to is AgentState.Suspended or AgentState.Compromised or AgentState.Terminated;

    private static InvalidTransitionException Illegal(AgentState from, string action) => new("agent", from.ToString(), action);
}
