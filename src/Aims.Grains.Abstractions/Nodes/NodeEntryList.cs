using Aims.Grains.Registration;

namespace Aims.Grains.Nodes;

/// <param name="Refusal">Why the node may not list its entries (not attested, suspended, credential not live); null when it may.</param>
[GenerateSerializer, Immutable, Alias("aims.NodeEntryList")]
public sealed record NodeEntryList(
    [property: Id(0)] string? Refusal,
    [property: Id(1)] IReadOnlyList<RegistrationEntryView> Entries);
