namespace Aims.Core.Agents;

/// <summary>
/// Agent lifecycle (ARCHITECTURE.md): Registered → Attested → Active ⇄ Suspended; Active ⇄ ScopeReduced when its
/// authority is narrowed (an anomaly, a medium risk signal); any live state → Compromised, after which only
/// termination remains (a compromised identity is replaced, never trusted again); any state but Terminated →
/// Terminated, which is final.
/// </summary>
public enum AgentState
{
    Registered = 0,
    Attested = 1,
    Active = 2,
    Suspended = 3,
    Terminated = 4,
    Compromised = 5,
    ScopeReduced = 6,
}
