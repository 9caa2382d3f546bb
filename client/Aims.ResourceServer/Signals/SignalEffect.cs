namespace Aims.ResourceServer.Signals;

/// <summary>What one received event changed in the revocation cache, and in words, for the log.</summary>
public sealed record SignalEffect(SignalEffectKind Kind, string? Agent, string Description)
{
    public static SignalEffect None(string description) => new(SignalEffectKind.None, null, description);
}
