namespace Aims.Grains.Nodes;

/// <summary>A fresh single-use nonce for the node's TPM quote, made by the cluster (never chosen by the node).</summary>
[GenerateSerializer, Immutable, Alias("aims.NodeChallenge")]
public sealed record NodeChallenge(
    [property: Id(0)] byte[] Nonce,
    [property: Id(1)] DateTimeOffset ExpiresAt);
