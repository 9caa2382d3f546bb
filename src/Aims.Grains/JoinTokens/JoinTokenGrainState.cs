namespace Aims.Grains.JoinTokens;

public enum JoinTokenStatus
{
    None = 0,
    Pending = 1,
    Used = 2,
    Expired = 3,
}

[GenerateSerializer, Alias("aims.JoinTokenGrainState")]
public sealed class JoinTokenGrainState
{
    [Id(0)] public JoinTokenStatus Status { get; set; }

    [Id(1)] public string? SpiffeId { get; set; }

    [Id(2)] public DateTimeOffset ExpiresAt { get; set; }

    [Id(3)] public DateTimeOffset CreatedAt { get; set; }

    [Id(4)] public string? CreatedBy { get; set; }

    [Id(5)] public DateTimeOffset? UsedAt { get; set; }
}
