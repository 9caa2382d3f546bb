namespace Aims.Grains.Agents;

[GenerateSerializer, Alias("aims.AgentDirectoryGrainState")]
public sealed class AgentDirectoryGrainState
{
    [Id(0)] public SortedSet<string> Agents { get; set; } = new(StringComparer.Ordinal);
}
