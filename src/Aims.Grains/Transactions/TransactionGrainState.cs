namespace Aims.Grains.Transactions;

/// <summary>The stored form of a transaction: written only when it is revoked.</summary>
[GenerateSerializer, Alias("aims.TransactionGrainState")]
public sealed class TransactionGrainState
{
    [Id(0)] public TransactionRecord? Record { get; set; }
}
