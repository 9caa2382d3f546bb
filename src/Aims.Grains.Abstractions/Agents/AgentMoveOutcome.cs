namespace Aims.Grains.Agents;

[GenerateSerializer]
public enum AgentMoveOutcome
{
    /// <summary>The new agent is registered and the old one terminated, both durably.</summary>
    Moved = 0,

    /// <summary>The agent's state does not allow a move; nothing changed.</summary>
    SourceNotMovable = 1,

    /// <summary>Another agent already has the new ID; nothing changed.</summary>
    TargetTaken = 2,
}
