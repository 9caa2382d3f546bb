namespace Aims.Grains.Agents;

/// <summary>An operator or a signal lowers what the agent may hold to <paramref name="Scope"/> (space-separated; may be empty).</summary>
[GenerateSerializer, Immutable, Alias("aims.ScopeReduction")]
public sealed record ScopeReduction(
    [property: Id(0)] string Scope,
    [property: Id(1)] string Reason,
    [property: Id(2)] string Actor,
    [property: Id(3)] string CorrelationId);
