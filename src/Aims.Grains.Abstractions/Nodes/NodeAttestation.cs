namespace Aims.Grains.Nodes;

/// <summary>How a node attests: a single-use join token, a TPM quote over a fresh nonce, or both.</summary>
/// <param name="JoinToken">The join token bound to this node; null when the node attests with its TPM only.</param>
[GenerateSerializer, Immutable, Alias("aims.NodeAttestation")]
public sealed record NodeAttestation(
    [property: Id(0)] string? JoinToken,
    [property: Id(1)] string CsrPem,
    [property: Id(2)] string CorrelationId)
{
    /// <summary>A quote by an AK enrolled for this node (<c>POST /v1/agents/{node}/tpm-keys</c>); null for none.</summary>
    [Id(3)] public NodeTpmQuote? Tpm { get; init; }

    // A join token is a secret until it is spent: keep it out of logs and debugger views.
    public override string ToString() => $"NodeAttestation {{ CorrelationId = {CorrelationId}, Tpm = {Tpm?.AkId ?? "none"} }}";
}
