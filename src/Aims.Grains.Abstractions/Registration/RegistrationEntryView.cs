using Aims.Core.Identity;
using Aims.Core.Registration;

namespace Aims.Grains.Registration;

/// <summary>A stored registration entry (<see cref="RegistrationEntry"/>) with who created it and when.</summary>
[GenerateSerializer, Immutable, Alias("aims.RegistrationEntryView")]
public sealed record RegistrationEntryView(
    [property: Id(0)] string Id,
    [property: Id(1)] string SpiffeId,
    [property: Id(2)] string ParentId,
    [property: Id(3)] IReadOnlyList<string> Selectors,
    [property: Id(4)] TimeSpan? X509SvidTtl,
    [property: Id(5)] TimeSpan? JwtSvidTtl,
    [property: Id(6)] IReadOnlyList<string> DnsNames,
    [property: Id(7)] string? Hint,
    [property: Id(8)] DateTimeOffset CreatedAt,
    [property: Id(9)] string CreatedBy)
{
    public static RegistrationEntryView From(RegistrationEntry entry, DateTimeOffset createdAt, string createdBy)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new(
            entry.Id, entry.SpiffeId.ToString(), entry.ParentId.ToString(), entry.Selectors, entry.X509SvidTtl, entry.JwtSvidTtl,
            entry.DnsNames, entry.Hint, createdAt, createdBy);
    }

    public RegistrationEntry ToEntry() => new(
        Id, Core.Identity.SpiffeId.Parse(SpiffeId), Core.Identity.SpiffeId.Parse(ParentId), Selectors, X509SvidTtl, JwtSvidTtl, DnsNames, Hint);
}
