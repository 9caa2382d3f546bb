using Aims.Client;
using Microsoft.Extensions.Logging;

namespace Aims.Agent.Sync;

/// <summary>
/// The latest trust bundle, polled from the authority, and the bundles of the trust domains the fabric federates
/// with. The authority publishes a prepared key in the bundle well before it signs anything (KeyLifetime: prepared at
/// 1/2, active at 5/6), so polling every few seconds puts the new key in every workload's hands before an SVID signed
/// by it can reach one.
/// </summary>
internal sealed class TrustBundleSource(AimsClient client, ChangeFeed changes, ILogger<TrustBundleSource> log)
{
    private TrustBundle? _current;
    private IReadOnlyList<TrustBundle> _federated = [];

    /// <summary>The last bundle fetched, kept while the cluster is unreachable; null before the first fetch.</summary>
    public TrustBundle? Current => Volatile.Read(ref _current);

    /// <summary>Federated trust domains' bundles, each separate (SPIFFE Federation §5.1: never merged), ordered by trust domain.</summary>
    public IReadOnlyList<TrustBundle> Federated => Volatile.Read(ref _federated);

    /// <summary>Changes whenever the local bundle or any federated bundle changes, appears or disappears.</summary>
    public string Fingerprint =>
        string.Join(';', new[] { Current }.Concat(Federated).OfType<TrustBundle>().Select(b => $"{b.TrustDomain.Name}#{b.Sequence}"));

    /// <summary>Fetches the bundles; tells the streams when a sequence moved. Cluster failures propagate.</summary>
    public async Task RefreshAsync()
    {
        var before = Fingerprint;
        var view = await client.GetBundleAsync();
        if (Current is not { } known || known.Sequence != view.Sequence)
        {
            var bundle = TrustBundle.From(client.TrustDomain, view);
            Volatile.Write(ref _current, bundle);
            AgentLog.BundleChanged(log, client.TrustDomain.Name, bundle.Sequence, bundle.X509AuthorityCount, bundle.JwtAuthorities.KeyIds.Count);
        }

        var federated = await client.GetFederatedBundlesAsync();
        var previous = Federated;
        var next = new List<TrustBundle>();
        foreach (var federatedView in federated.OrderBy(v => v.TrustDomain, StringComparer.Ordinal))
        {
            if (previous.FirstOrDefault(b => b.TrustDomain.Name == federatedView.TrustDomain && b.Sequence == federatedView.Sequence) is { } same)
            {
                next.Add(same);
                continue;
            }

            var bundle = TrustBundle.FromFederated(federatedView);
            next.Add(bundle);
            AgentLog.BundleChanged(log, bundle.TrustDomain.Name, bundle.Sequence, bundle.X509AuthorityCount, bundle.JwtAuthorities.KeyIds.Count);
        }

        Volatile.Write(ref _federated, next);
        if (Fingerprint != before)
            changes.Notify();
    }
}
