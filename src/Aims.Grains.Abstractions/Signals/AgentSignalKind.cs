namespace Aims.Grains.Signals;

[GenerateSerializer]
public enum AgentSignalKind
{
    /// <summary>Compromise, suspension or termination: everything issued up to the moment is revoked.</summary>
    Revoked,

    ScopeReduced,

    ScopeRestored,
}
