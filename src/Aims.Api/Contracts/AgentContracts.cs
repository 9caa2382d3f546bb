using Aims.Core.Agents;
using Aims.Grains.Agents;

namespace Aims.Api.Contracts;

public sealed record RegisterAgentRequest(
    string? SpiffeId,
    string? Policy,
    IReadOnlyList<string>? Selectors,
    IReadOnlyDictionary<string, string>? Metadata);

public sealed record AgentActionRequest(string? Reason);

public sealed record ReduceScopeRequest(string? Scope, string? Reason);

public sealed record MoveAgentRequest(string? SpiffeId, string? Reason);

/// <summary>The answer to a move: the agent under its old ID (terminated, <c>moved_to</c>) and under its new one.</summary>
public sealed record MoveAgentResponse(AgentResponse From, AgentResponse To);

public sealed record AgentResponse(
    string SpiffeId,
    AgentState State,
    string Policy,
    IReadOnlyList<string> Selectors,
    IReadOnlyDictionary<string, string> Metadata,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? ScopeCeiling,
    AttestationResponse? Attestation,
    int LiveCredentials,
    int LiveTokens,
    int LiveSessions,
    string? MovedTo,
    string? MovedFrom,
    int LiveTransactions = 0)
{
    public static AgentResponse From(AgentView v) => new(
        v.SpiffeId, v.State, v.Policy, v.Selectors, v.Metadata, v.CreatedAt, v.UpdatedAt, v.ScopeCeiling,
        v.Attestation is null ? null : AttestationResponse.From(v.Attestation),
        v.LiveCredentials, v.LiveTokens, v.LiveSessions, v.MovedTo, v.MovedFrom, v.LiveTransactions);
}

/// <summary>How the agent last attested: evidence types, policy version, the selectors proven and what vouched for each item.</summary>
public sealed record AttestationResponse(
    IReadOnlyList<string> EvidenceTypes,
    DateTimeOffset AttestedAt,
    int PolicyVersion,
    IReadOnlyList<string> Selectors,
    IReadOnlyList<EvidenceResponse> Evidence)
{
    public static AttestationResponse From(AttestationSummary a) => new(
        a.EvidenceTypes, a.AttestedAt, a.PolicyVersion, a.Selectors,
        [.. (a.Evidence ?? []).Select(e => new EvidenceResponse(e.Type, e.VerifiedBy, e.Selectors))]);
}

public sealed record EvidenceResponse(string Type, string VerifiedBy, IReadOnlyList<string> Selectors);

public sealed record AgentListResponse(IReadOnlyList<AgentResponse> Agents, string? Next);
