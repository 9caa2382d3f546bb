namespace Aims.Grains.Nodes;

/// <param name="NodeSvidSerial">Serial (lowercase hex) of the node's current X509-SVID.</param>
[GenerateSerializer, Immutable, Alias("aims.NodeRenewal")]
public sealed record NodeRenewal(
    [property: Id(0)] string NodeSvidSerial,
    [property: Id(1)] string CsrPem,
    [property: Id(2)] string CorrelationId);
