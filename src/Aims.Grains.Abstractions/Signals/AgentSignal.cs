namespace Aims.Grains.Signals;

/// <summary>
/// What an agent's state change means for everything it holds, as carried on the cluster's signal stream to every
/// silo: revoke what was issued at or before <paramref name="RevokedBefore"/>, or narrow live tokens to
/// <paramref name="Ceiling"/> (null lifts a reduction).
/// </summary>
[GenerateSerializer, Immutable, Alias("aims.AgentSignal")]
public sealed record AgentSignal(
    [property: Id(0)] string Agent,
    [property: Id(1)] AgentSignalKind Kind,
    [property: Id(2)] DateTimeOffset? RevokedBefore,
    [property: Id(3)] string? Ceiling,
    [property: Id(4)] long Epoch,
    [property: Id(5)] string Txn,
    [property: Id(6)] DateTimeOffset RaisedAt);
