namespace Aims.Grains.Registration;

/// <summary>An operator's request for a registration entry, as sent; the grain validates it (RegistrationEntryRules).</summary>
[GenerateSerializer, Immutable, Alias("aims.CreateRegistrationEntry")]
public sealed record CreateRegistrationEntry(
    [property: Id(0)] string SpiffeId,
    [property: Id(1)] string ParentId,
    [property: Id(2)] IReadOnlyList<string> Selectors,
    [property: Id(3)] long? X509SvidTtlSeconds,
    [property: Id(4)] long? JwtSvidTtlSeconds,
    [property: Id(5)] IReadOnlyList<string> DnsNames,
    [property: Id(6)] string? Hint,
    [property: Id(7)] string Actor,
    [property: Id(8)] string CorrelationId);
