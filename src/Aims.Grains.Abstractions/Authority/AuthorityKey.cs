using Aims.Core.Authority;

namespace Aims.Grains.Authority;

/// <summary>A key slot with its private key encrypted under the key-encryption key (never in clear).</summary>
[GenerateSerializer, Immutable, Alias("aims.AuthorityKey")]
public sealed record AuthorityKey(
    [property: Id(0)] string Kid,
    [property: Id(1)] KeyKind Kind,
    [property: Id(2)] KeySlotState State,
    [property: Id(3)] DateTimeOffset NotBefore,
    [property: Id(4)] DateTimeOffset NotAfter,
    [property: Id(5)] byte[] ProtectedPrivateKey,
    [property: Id(6)] byte[]? CertificateDer)
{
    public KeySlot ToSlot() => new(Kid, Kind, State, NotBefore, NotAfter);
}
