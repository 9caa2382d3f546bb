namespace Aims.Grains.Attestation;

[GenerateSerializer, Alias("aims.TpmKeyGrainState")]
public sealed class TpmKeyGrainState
{
    /// <summary>The agent the key attests; null when the key is not enrolled.</summary>
    [Id(0)] public string? SpiffeId { get; set; }

    [Id(1)] public byte[] SubjectPublicKeyInfo { get; set; } = [];

    [Id(2)] public Dictionary<int, byte[]> AllowedPcrs { get; set; } = [];

    [Id(3)] public DateTimeOffset EnrolledAt { get; set; }

    [Id(4)] public string? EnrolledBy { get; set; }
}
