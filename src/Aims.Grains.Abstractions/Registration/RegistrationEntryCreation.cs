namespace Aims.Grains.Registration;

public enum RegistrationEntryOutcome
{
    Created = 0,

    /// <summary>The request breaks a rule; <see cref="RegistrationEntryCreation.Error"/> says which.</summary>
    Invalid = 1,

    /// <summary>An entry with the same SPIFFE ID, parent and selectors exists; it is returned.</summary>
    AlreadyExists = 2,
}

[GenerateSerializer, Immutable, Alias("aims.RegistrationEntryCreation")]
public sealed record RegistrationEntryCreation(
    [property: Id(0)] RegistrationEntryOutcome Outcome,
    [property: Id(1)] RegistrationEntryView? Entry,
    [property: Id(2)] string? Error);
