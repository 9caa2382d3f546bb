namespace Aims.Grains.Audit;

[GenerateSerializer, Alias("aims.AuditLogGrainState")]
public sealed class AuditLogGrainState
{
    [Id(0)] public long Count { get; set; }

    [Id(1)] public string HeadHash { get; set; } = Core.Audit.AuditChain.GenesisHash;

    [Id(2)] public DateTimeOffset HeadTimestamp { get; set; }
}
