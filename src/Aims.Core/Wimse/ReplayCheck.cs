namespace Aims.Core.Wimse;

/// <summary>What a replay cache says about a proof's <c>jti</c>.</summary>
public enum ReplayCheck
{
    /// <summary>Not seen before; now recorded until the proof expires.</summary>
    FirstUse,

    /// <summary>Already used within its validity window: refuse the proof.</summary>
    Replayed,

    /// <summary>The cache is full of unexpired entries and cannot vouch for this one: refuse, and retry later.</summary>
    Full,
}
