using Aims.Core.StateMachines;

namespace Aims.Core.Agents;

/// <summary>Every legal move of <see cref="AgentState"/>; anything else throws <see cref="InvalidTransitionException"/>.</summary>
public static class AgentTransitions
{
    /// <summary>Evidence satisfied policy. Re-attestation of an attested or active agent keeps it where it is.</summary>
    public static AgentState Attest(AgentState from) => from switch
    {
        AgentState.Registered => AgentState.Attested,
        AgentState.Attested or AgentState.Active => from,
        _ => throw Illegal(from, "attest"),
    };

    /// <summary>The first credential was handed out.</summary>
    public static AgentState Activate(AgentState from) => from switch
    {
        AgentState.Attested or AgentState.Active => AgentState.Active,
        _ => throw Illegal(from, "activate"),
    };

    /// <summary>A live agent can be suspended at any stage; the caller keeps <paramref name="from"/> to resume to.</summary>
    public static AgentState Suspend(AgentState from) => from switch
    {
        AgentState.Registered or AgentState.Attested or AgentState.Active => AgentState.Suspended,
        _ => throw Illegal(from, "suspend"),
    };

    /// <summary>
    /// Back to where the agent was when it was suspended (Active ⇄ Suspended); resuming never skips attestation,
    /// so an agent suspended before it attested comes back Registered.
    /// </summary>
    public static AgentState Resume(AgentState from, AgentState suspendedFrom) => (from, suspendedFrom) switch
    {
        (AgentState.Suspended, AgentState.Registered or AgentState.Attested or AgentState.Active) => suspendedFrom,
        _ => throw Illegal(from, "resume"),
    };

    public static AgentState Terminate(AgentState from) => from switch
    {
        AgentState.Terminated => throw Illegal(from, "terminate"),
        _ => AgentState.Terminated,
    };

    /// <summary>Only attested or active agents may be issued credentials.</summary>
    public static bool CanReceiveCredentials(AgentState state) => state is AgentState.Attested or AgentState.Active;

    private static InvalidTransitionException Illegal(AgentState from, string action) => new("agent", from.ToString(), action);
}
