namespace Aims.Grains.Registration;

[GenerateSerializer, Alias("aims.RegistrationEntryGrainState")]
public sealed class RegistrationEntryGrainState
{
    /// <summary>Null when no entry with this id exists (never created, or deleted).</summary>
    [Id(0)] public RegistrationEntryView? Entry { get; set; }
}
