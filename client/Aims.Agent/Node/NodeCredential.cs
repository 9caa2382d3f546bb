using System.Security.Cryptography.X509Certificates;

namespace Aims.Agent.Node;

/// <summary>The node's own X509-SVID: its serial is what the node presents on every call to the cluster.</summary>
internal sealed record NodeCredential(string Serial, string ChainPem, DateTimeOffset NotBefore, DateTimeOffset NotAfter)
{
    public static NodeCredential FromChainPem(string chainPem)
    {
        using var leaf = X509Certificate2.CreateFromPem(chainPem);
        return new NodeCredential(
            leaf.SerialNumber.ToLowerInvariant(), chainPem,
            new DateTimeOffset(leaf.NotBefore.ToUniversalTime(), TimeSpan.Zero), new DateTimeOffset(leaf.NotAfter.ToUniversalTime(), TimeSpan.Zero));
    }
}
