using Aims.Core.Agents;
using Aims.Grains.Credentials;

namespace Aims.Grains.Agents;

[GenerateSerializer, Immutable, Alias("aims.RegisterAgent")]
public sealed record RegisterAgent(
    [property: Id(0)] string? Policy,
    [property: Id(1)] IReadOnlyList<string> Selectors,
    [property: Id(2)] IReadOnlyDictionary<string, string> Metadata,
    [property: Id(3)] string Actor,
    [property: Id(4)] string CorrelationId);

[GenerateSerializer, Immutable, Alias("aims.AdminAction")]
public sealed record AdminAction(
    [property: Id(0)] string Actor,
    [property: Id(1)] string CorrelationId,
    [property: Id(2)] string? Reason = null);

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
    [property: Id(11)] int LiveSessions);

[GenerateSerializer, Immutable, Alias("aims.AttestationSummary")]
public sealed record AttestationSummary(
    [property: Id(0)] IReadOnlyList<string> EvidenceTypes,
    [property: Id(1)] DateTimeOffset AttestedAt,
    [property: Id(2)] int PolicyVersion);

/// <summary>What an attested or authenticated agent asks to be issued.</summary>
[GenerateSerializer, Immutable, Alias("aims.IssuanceRequest")]
public sealed record IssuanceRequest(
    [property: Id(0)] IReadOnlyList<string> EvidenceTypes,
    [property: Id(1)] string? CsrPem,
    [property: Id(2)] string? JwkJson,
    [property: Id(3)] IReadOnlyList<string> Audiences,
    [property: Id(4)] string CorrelationId,
    [property: Id(5)] string Action);

[GenerateSerializer, Immutable, Alias("aims.IssuanceResult")]
public sealed record IssuanceResult(
    [property: Id(0)] bool Issued,
    [property: Id(1)] IssuanceFailure? Failure,
    [property: Id(2)] X509SvidIssued? X509Svid,
    [property: Id(3)] IReadOnlyList<JwtSvidIssued> JwtSvids,
    [property: Id(4)] WitIssued? Wit)
{
    public static IssuanceResult Denied(IssuanceFailureKind kind, string detail) =>
        new(false, new IssuanceFailure(kind, detail), null, [], null);
}

public enum IssuanceFailureKind
{
    /// <summary>Evidence or state does not satisfy policy: 403.</summary>
    Forbidden = 0,

    /// <summary>The request itself is malformed (bad CSR, bad JWK): 400.</summary>
    BadRequest = 1,

    /// <summary>The agent is not registered: 404.</summary>
    UnknownAgent = 2,
}

[GenerateSerializer, Immutable, Alias("aims.IssuanceFailure")]
public sealed record IssuanceFailure([property: Id(0)] IssuanceFailureKind Kind, [property: Id(1)] string Detail);
