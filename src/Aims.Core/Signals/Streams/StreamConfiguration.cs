namespace Aims.Core.Signals.Streams;

/// <summary>
/// One SSF event stream's configuration (SSF 1.0 §8.1.1). Transmitter-supplied: <see cref="StreamId"/>,
/// <see cref="Issuer"/>, <see cref="Audience"/>, <see cref="EventsSupported"/>, <see cref="EventsDelivered"/>,
/// <see cref="MinVerificationInterval"/>; receiver-supplied: <see cref="EventsRequested"/>, <see cref="Description"/>
/// and the push parts of <see cref="Delivery"/>.
/// </summary>
public sealed record StreamConfiguration(
    string StreamId,
    string Issuer,
    IReadOnlyList<string> Audience,
    IReadOnlyList<string> EventsSupported,
    IReadOnlyList<string> EventsRequested,
    IReadOnlyList<string> EventsDelivered,
    StreamDelivery Delivery,
    string? Description,
    int MinVerificationInterval)
{
    /// <summary>Whether an event of <paramref name="type"/> goes to this stream (stream-control events always do).</summary>
    public bool Delivers(string type) => SecurityEventTypes.IsStreamControl(type) || EventsDelivered.Contains(type, StringComparer.Ordinal);
}
