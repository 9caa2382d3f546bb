namespace Aims.ResourceServer.Signals;

public enum SignalEffectKind
{
    /// <summary>Understood and nothing to change (another subject, an event with no effect here, a stream event).</summary>
    None,

    /// <summary>Every token of the agent issued up to a moment is refused from now on.</summary>
    AgentRevoked,

    /// <summary>The agent's tokens carry at most a reduced scope from now on.</summary>
    ScopeReduced,

    /// <summary>The event's payload does not conform to its definition (RFC 8935 §2.4 <c>invalid_request</c>).</summary>
    Malformed,

    /// <summary>The agent's reduced ceiling is lifted: its tokens carry their own scope again.</summary>
    ScopeRestored,
}
