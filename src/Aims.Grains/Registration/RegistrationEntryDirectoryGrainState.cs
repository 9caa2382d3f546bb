namespace Aims.Grains.Registration;

[GenerateSerializer, Alias("aims.RegistrationEntryDirectoryGrainState")]
public sealed class RegistrationEntryDirectoryGrainState
{
    [Id(0)] public SortedSet<string> Entries { get; set; } = new(StringComparer.Ordinal);
}
