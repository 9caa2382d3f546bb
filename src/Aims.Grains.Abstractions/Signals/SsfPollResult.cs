namespace Aims.Grains.Signals;

/// <summary>RFC 8936 §2.5: the SETs by jti and whether more wait; null <see cref="Sets"/> when the stream is not the caller's.</summary>
[GenerateSerializer, Immutable, Alias("aims.SsfPollResult")]
public sealed record SsfPollResult(
    [property: Id(0)] IReadOnlyDictionary<string, string>? Sets,
    [property: Id(1)] bool MoreAvailable);
