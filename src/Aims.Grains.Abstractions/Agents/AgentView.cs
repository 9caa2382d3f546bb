using Aims.Core.Agents;

namespace Aims.Grains.Agents;

/// <param name="MovedTo">The agent's new ID when it was moved (its state is then Terminated).</param>
/// <param name="MovedFrom">The ID the agent was moved from, when it was registered by a move.</param>
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
    [property: Id(12)] string? MovedTo = null,
    [property: Id(13)] string? MovedFrom = null,
    [property: Id(14)] int LiveTransactions = 0);
