namespace Aims.Grains.Signals;

/// <summary>One CAEP/RISC/SSF event travelling inside the cluster (Core's <c>SecurityEvent</c> in wire form).</summary>
[GenerateSerializer, Immutable, Alias("aims.SecurityEventMessage")]
public sealed record SecurityEventMessage(
    [property: Id(0)] string Type,
    [property: Id(1)] string SubjectJson,
    [property: Id(2)] string PayloadJson,
    [property: Id(3)] string Txn,
    [property: Id(4)] DateTimeOffset OccurredAt);
