namespace Aims.Grains.Signals;

/// <summary>Limits of the stream directory.</summary>
public static class SsfStreamDirectoryGrainLimits
{
    /// <summary>Streams one receiver may hold; each costs a queue and a signature per event.</summary>
    public const int MaxStreamsPerReceiver = 16;
}
