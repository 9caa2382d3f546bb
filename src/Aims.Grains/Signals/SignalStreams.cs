using Aims.Core.Identity;
using Aims.Grains.Hosting;

namespace Aims.Grains.Signals;

/// <summary>The cluster's agent signal stream: one per trust domain on the <see cref="StorageNames.Signals"/> provider.</summary>
public static class SignalStreams
{
    public const string Namespace = "aims.agent-signals";

    public static StreamId AgentSignals(TrustDomain trustDomain) => StreamId.Create(Namespace, trustDomain.Name);
}
