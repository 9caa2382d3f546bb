namespace Aims.Grains.Revocation;

[GenerateSerializer, Alias("aims.RevocationRegistryGrainState")]
public sealed class RevocationRegistryGrainState
{
    /// <summary>Revoked serials, oldest revocation first; an entry leaves once a CRL issued after its notAfter carried it.</summary>
    [Id(0)] public List<RevokedSerial> Entries { get; set; } = [];

    /// <summary>The number of the last CRL issued (RFC 5280 §5.2.3); written before that CRL is handed out, so it never repeats.</summary>
    [Id(1)] public long CrlNumber { get; set; }

    /// <summary>thisUpdate of the last CRL issued: every entry held then was on it.</summary>
    [Id(2)] public DateTimeOffset? LastIssuedAt { get; set; }
}
