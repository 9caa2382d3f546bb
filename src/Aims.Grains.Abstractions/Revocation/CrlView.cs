namespace Aims.Grains.Revocation;

/// <summary>
/// A CA's current CRL: its number (which also versions it), its window, and the DER, which is left out when the
/// caller already holds the CRL with this number.
/// </summary>
[GenerateSerializer, Immutable, Alias("aims.CrlView")]
public sealed record CrlView(
    [property: Id(0)] string CaKid,
    [property: Id(1)] long Number,
    [property: Id(2)] DateTimeOffset ThisUpdate,
    [property: Id(3)] DateTimeOffset NextUpdate,
    [property: Id(4)] byte[]? Der);
