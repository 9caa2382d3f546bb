namespace Aims.Agent.Svids;

/// <summary>The node has no valid X509-SVID yet (or any more): nothing can be fetched for workloads until it attests.</summary>
internal sealed class NodeNotAttestedException : Exception
{
    public NodeNotAttestedException()
        : base("this node has not attested to the cluster yet (or its node SVID expired); see the node agent's log")
    {
    }

    public NodeNotAttestedException(string message)
        : base(message)
    {
    }

    public NodeNotAttestedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
