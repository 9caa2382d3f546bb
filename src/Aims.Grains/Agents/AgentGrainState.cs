using Aims.Core.Agents;
using Aims.Grains.Credentials;

namespace Aims.Grains.Agents;

[GenerateSerializer, Alias("aims.AgentGrainState")]
public sealed class AgentGrainState
{
    [Id(0)] public bool Registered { get; set; }

    [Id(1)] public AgentState State { get; set; }

    [Id(2)] public string Policy { get; set; } = string.Empty;

    [Id(3)] public List<string> Selectors { get; set; } = [];

    [Id(4)] public Dictionary<string, string> Metadata { get; set; } = [];

    [Id(5)] public DateTimeOffset CreatedAt { get; set; }

    [Id(6)] public DateTimeOffset UpdatedAt { get; set; }

    [Id(7)] public AttestationSummary? Attestation { get; set; }

    /// <summary>A lowered ceiling (ScopeReduced), space-separated; null when the policy's ceiling applies.</summary>
    [Id(8)] public string? ScopeCeiling { get; set; }

    /// <summary>Live (unexpired) credentials; expired ones are pruned whenever the state is written.</summary>
    [Id(9)] public List<CredentialSummary> Credentials { get; set; } = [];

    /// <summary>Bumped on every revocation of everything the agent holds.</summary>
    [Id(10)] public long RevocationEpoch { get; set; }

    /// <summary>The state a suspended agent returns to when resumed.</summary>
    [Id(11)] public AgentState SuspendedFrom { get; set; }

    /// <summary>Keys of live X509-SVIDs and WITs, for private_key_jwt; pruned as they expire.</summary>
    [Id(12)] public List<ClientKey> ClientKeys { get; set; } = [];

    /// <summary>Live delegation sessions (authorization code grant); pruned as they end or expire.</summary>
    [Id(13)] public List<Sessions.SessionSummary> Sessions { get; set; } = [];

    /// <summary>Everything issued at or before this moment is revoked (set by compromise, suspension, termination).</summary>
    [Id(14)] public DateTimeOffset? RevokedBefore { get; set; }

    /// <summary>The agent's new ID once it was moved (it is then Terminated).</summary>
    [Id(15)] public string? MovedTo { get; set; }

    /// <summary>The ID the agent was moved from, when a move registered it.</summary>
    [Id(16)] public string? MovedFrom { get; set; }
}
