namespace Aims.Core.Signals.Streams;

/// <summary>
/// SSF 1.0 §8.1.2 / §8.1.5 status rules: what happens to events in each status, and when a stream-updated event
/// is owed to the receiver (before stopping an enabled stream, after re-enabling one).
/// </summary>
public static class StatusChange
{
    /// <summary>Events are queued when enabled (and delivered) or paused (held); a disabled stream drops them.</summary>
    public static bool Queues(StreamStatus status) => status is StreamStatus.Enabled or StreamStatus.Paused;

    /// <summary>Only an enabled stream pushes or answers polls with events.</summary>
    public static bool Delivers(StreamStatus status) => status == StreamStatus.Enabled;

    /// <summary>Whether changing <paramref name="from"/> to <paramref name="to"/> owes the receiver a stream-updated event.</summary>
    public static bool NotifiesReceiver(StreamStatus from, StreamStatus to) => from != to;

    public static string WireName(StreamStatus status) => status.ToString().ToLowerInvariant();

    public static bool TryParse(string? value, out StreamStatus status)
    {
        status = value switch
        {
            "enabled" => StreamStatus.Enabled,
            "paused" => StreamStatus.Paused,
            "disabled" => StreamStatus.Disabled,
            _ => (StreamStatus)(-1),
        };
        return Enum.IsDefined(status);
    }
}
