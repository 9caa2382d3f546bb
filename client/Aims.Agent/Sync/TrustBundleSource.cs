using Aims.Client;
using Microsoft.Extensions.Logging;

namespace Aims.Agent.Sync;

/// <summary>
/// The latest trust bundle, polled from the authority. The authority publishes a prepared key in the bundle well
/// before it signs anything (KeyLifetime: prepared at 1/2, active at 5/6), so polling every few seconds puts the
/// new key in every workload's hands before an SVID signed by it can reach one.
/// </summary>
internal sealed class TrustBundleSource(AimsClient client, ChangeFeed changes, ILogger<TrustBundleSource> log)
{
    private TrustBundle? _current;

    /// <summary>The last bundle fetched, kept while the cluster is unreachable; null before the first fetch.</summary>
    public TrustBundle? Current => Volatile.Read(ref _current);

    /// <summary>Fetches the bundle; tells the streams when its sequence moved. Cluster failures propagate.</summary>
    public async Task RefreshAsync()
    {
        var view = await client.GetBundleAsync();
        if (Current is { } known && known.Sequence == view.Sequence)
            return;

        var bundle = TrustBundle.From(client.TrustDomain, view);
        Volatile.Write(ref _current, bundle);
        AgentLog.BundleChanged(log, client.TrustDomain.Name, bundle.Sequence, bundle.X509AuthorityCount, bundle.JwtAuthorities.KeyIds.Count);
        changes.Notify();
    }
}
