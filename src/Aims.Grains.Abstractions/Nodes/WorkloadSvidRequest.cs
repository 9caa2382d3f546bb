namespace Aims.Grains.Nodes;

/// <summary>What a node agent asks for one workload and one of its registration entries.</summary>
/// <param name="NodeSvidSerial">Serial (lowercase hex) of the node's current X509-SVID.</param>
/// <param name="WorkloadSelectors">The selectors the node agent attested for the calling process (e.g. <c>unix:sha256:…</c>).</param>
/// <param name="CsrPem">A CSR for the workload's X509-SVID, made with a key the node agent generated for it; null for none.</param>
/// <param name="Audiences">JWT-SVID audiences; empty for none.</param>
[GenerateSerializer, Immutable, Alias("aims.WorkloadSvidRequest")]
public sealed record WorkloadSvidRequest(
    [property: Id(0)] string NodeSvidSerial,
    [property: Id(1)] string EntryId,
    [property: Id(2)] IReadOnlyList<string> WorkloadSelectors,
    [property: Id(3)] string? CsrPem,
    [property: Id(4)] IReadOnlyList<string> Audiences,
    [property: Id(5)] string CorrelationId)
{
    /// <summary>
    /// SLSA provenance the node agent found for the process's binary: a DSSE envelope (JSON text) whose subject digest
    /// must equal the measured <c>unix:sha256</c>; null when it found none.
    /// </summary>
    [Id(6)] public string? Provenance { get; init; }
}
