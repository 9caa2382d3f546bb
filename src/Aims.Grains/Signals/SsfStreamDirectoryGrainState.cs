namespace Aims.Grains.Signals;

[GenerateSerializer, Alias("aims.SsfStreamDirectoryGrainState")]
public sealed class SsfStreamDirectoryGrainState
{
    /// <summary>stream_id → owner (receiver client_id).</summary>
    [Id(0)] public Dictionary<string, string> Streams { get; set; } = new(StringComparer.Ordinal);
}
