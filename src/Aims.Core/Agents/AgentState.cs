namespace Aims.Core.Agents;

/// <summary>
/// Agent lifecycle (ARCHITECTURE.md): Registered → Attested → Active ⇄ Suspended; any live state → Terminated,
/// which is final. Compromised and ScopeReduced arrive with the signals work.
/// </summary>
public enum AgentState
{
    Registered = 0,
    Attested = 1,
    Active = 2,
    Suspended = 3,
    Terminated = 4,
}
