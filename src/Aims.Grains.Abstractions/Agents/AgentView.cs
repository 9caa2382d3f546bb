using Aims.Core.Agents;

namespace Aims.Grains.Agents;

[GenerateSerializer, Immutable, Alias("aims.AgentView")]
public sealed record AgentView(
    [property: Id(0)] string SpiffeId,
    [property: Id(1)] AgentState State,
    [property: Id(2)] string Policy,
    [property: Id(3)] IReadOnlyList<string> Selectors,
    [property: Id(4)] IReadOnlyDictionary<string, string> Metadata,
    [property: Id(5)] DateTimeOffset CreatedAt,
    [property: Id(6)] DateTimeOffset UpdatedAt,
    [property: Id(7)] AttestationSummary? Attestation,
    [property: Id(8)] string? ScopeCeiling,
    [property: Id(9)] int LiveCredentials,
    [property: Id(10)] int LiveTokens,
    [property: Id(11)] int LiveSessions,
    [property: Id(12)] int LiveTransactions = 0);
