namespace Aims.Grains.Signals;

/// <summary>A stream as the receiver sees it: its configuration JSON (SSF 1.0 §8.1.1), status and reason.</summary>
[GenerateSerializer, Immutable, Alias("aims.SsfStreamView")]
public sealed record SsfStreamView(
    [property: Id(0)] string StreamId,
    [property: Id(1)] string ConfigurationJson,
    [property: Id(2)] string Status,
    [property: Id(3)] string? Reason,
    [property: Id(4)] int Pending);
