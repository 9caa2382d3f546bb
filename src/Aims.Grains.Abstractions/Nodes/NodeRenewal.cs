namespace Aims.Grains.Nodes;

/// <param name="NodeSvidSerial">Serial (lowercase hex) of the node's current X509-SVID.</param>
[GenerateSerializer, Immutable, Alias("aims.NodeRenewal")]
public sealed record NodeRenewal(
    [property: Id(0)] string NodeSvidSerial,
    [property: Id(1)] string CsrPem,
    [property: Id(2)] string CorrelationId)
{
    /// <summary>
    /// A fresh quote: a node that attested with its TPM re-attests with one at every renewal (refused without it), so
    /// its workloads' <c>tpm</c> evidence is never older than the node SVID they were issued under.
    /// </summary>
    [Id(3)] public NodeTpmQuote? Tpm { get; init; }
}
