namespace Aims.Core.Signals.Streams;

/// <summary>
/// SSF 1.0 §8.1.2: <c>enabled</c> transmits; <c>paused</c> holds events and delivers them on re-enabling;
/// <c>disabled</c> drops them.
/// </summary>
public enum StreamStatus
{
    Enabled,
    Paused,
    Disabled,
}
