namespace Aims.Grains.Signals;

/// <summary>An RFC 8936 poll after parsing: acknowledgements, errors the receiver reports, and how many SETs it wants.</summary>
[GenerateSerializer, Immutable, Alias("aims.SsfPoll")]
public sealed record SsfPoll(
    [property: Id(0)] string Owner,
    [property: Id(1)] int MaxEvents,
    [property: Id(2)] IReadOnlyList<string> Ack,
    [property: Id(3)] IReadOnlyDictionary<string, string> SetErrors);
