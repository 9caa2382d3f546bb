namespace Aims.Grains.Registration;

[GenerateSerializer, Alias("aims.RegistrationEntryIndexGrainState")]
public sealed class RegistrationEntryIndexGrainState
{
    /// <summary>The parent's entries by id.</summary>
    [Id(0)] public Dictionary<string, RegistrationEntryView> Entries { get; set; } = new(StringComparer.Ordinal);
}
