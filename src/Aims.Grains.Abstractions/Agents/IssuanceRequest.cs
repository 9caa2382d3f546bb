namespace Aims.Grains.Agents;

/// <summary>What an attested or authenticated agent asks to be issued.</summary>
[GenerateSerializer, Immutable, Alias("aims.IssuanceRequest")]
public sealed record IssuanceRequest(
    [property: Id(0)] IReadOnlyList<string> EvidenceTypes,
    [property: Id(1)] string? CsrPem,
    [property: Id(2)] string? JwkJson,
    [property: Id(3)] IReadOnlyList<string> Audiences,
    [property: Id(4)] string CorrelationId,
    [property: Id(5)] string Action);
