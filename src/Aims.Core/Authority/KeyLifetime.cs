namespace Aims.Core.Authority;

/// <summary>
/// How long a signing key lives and when its successor is prepared and takes over: prepared at half its
/// lifetime, activated when five sixths have passed (the thresholds SPIRE's CA rotator uses), so a
/// successor is published for a third of a lifetime before it signs anything.
/// </summary>
public sealed record KeyLifetime(TimeSpan Lifetime)
{
    public static KeyLifetime Default { get; } = new(TimeSpan.FromDays(7));

    public DateTimeOffset PrepareSuccessorAt(KeySlot active) => active.NotBefore + (Lifetime / 2);

    public DateTimeOffset ActivateSuccessorAt(KeySlot active) => active.NotBefore + (Lifetime * 5 / 6);
}
