namespace Aims.Grains.Nodes;

[GenerateSerializer, Immutable, Alias("aims.NodeAttestation")]
public sealed record NodeAttestation(
    [property: Id(0)] string JoinToken,
    [property: Id(1)] string CsrPem,
    [property: Id(2)] string CorrelationId)
{
    // A join token is a secret until it is spent: keep it out of logs and debugger views.
    public override string ToString() => $"NodeAttestation {{ CorrelationId = {CorrelationId} }}";
}
