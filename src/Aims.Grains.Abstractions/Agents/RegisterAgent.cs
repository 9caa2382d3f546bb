namespace Aims.Grains.Agents;

[GenerateSerializer, Immutable, Alias("aims.RegisterAgent")]
public sealed record RegisterAgent(
    [property: Id(0)] string? Policy,
    [property: Id(1)] IReadOnlyList<string> Selectors,
    [property: Id(2)] IReadOnlyDictionary<string, string> Metadata,
    [property: Id(3)] string Actor,
    [property: Id(4)] string CorrelationId);
