namespace Aims.Grains.Agents;

[GenerateSerializer, Immutable, Alias("aims.AdminAction")]
public sealed record AdminAction(
    [property: Id(0)] string Actor,
    [property: Id(1)] string CorrelationId,
    [property: Id(2)] string? Reason = null);
