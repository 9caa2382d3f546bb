using Aims.Agent.Hosting;
using Aims.Agent.Node;
using Aims.Core.Registration;
using Aims.Grains;
using Aims.Grains.Nodes;
using Microsoft.Extensions.Logging;

namespace Aims.Agent.Sync;

/// <summary>
/// This node's registration entries, polled from the cluster, and matching against them. A workload that matches
/// nothing triggers one early refresh (at most once a second), so a newly created entry is served at once.
/// </summary>
internal sealed class EntrySource(IClusterClient cluster, NodeAgentOptions options, NodeIdentity node, ChangeFeed changes, TimeProvider time, ILogger<EntrySource> log) : IDisposable
{
    private static readonly TimeSpan EarlyRefreshSpacing = TimeSpan.FromSeconds(1);
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private IReadOnlyList<RegistrationEntry> _entries = [];
    private DateTimeOffset _refreshedAt = DateTimeOffset.MinValue;

    public IReadOnlyList<RegistrationEntry> Entries => Volatile.Read(ref _entries);

    /// <summary>Fetches the node's entries. Cluster failures propagate and leave the known entries in place.</summary>
    public async Task RefreshAsync()
    {
        if (node.Current is not { } credential)
            return;

        await _refreshing.WaitAsync();
        try
        {
            var list = await cluster.GetGrain<INodeGrain>(GrainKeys.Node(options.NodeId)).ListEntriesAsync(credential.Serial);
            _refreshedAt = time.GetUtcNow();
            if (list.Refusal is not null)
            {
                // A suspended or compromised node serves nobody until the operator acts.
                AgentLog.EntriesRefused(log, list.Refusal);
                Replace([]);
                return;
            }

            Replace([.. list.Entries.Select(e => e.ToEntry())]);
        }
        finally
        {
            _refreshing.Release();
        }
    }

    /// <summary>The entries whose selectors the workload shows; refreshes once first when none matches.</summary>
    public async Task<IReadOnlyList<RegistrationEntry>> MatchAsync(IReadOnlyList<string> selectors)
    {
        var matched = EntryMatcher.Select(Entries, selectors);
        if (matched.Count > 0 || time.GetUtcNow() - _refreshedAt < EarlyRefreshSpacing)
            return matched;

        try
        {
            await RefreshAsync();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            AgentLog.ClusterUnreachable(log, "entries", e.Message);
        }

        return EntryMatcher.Select(Entries, selectors);
    }

    /// <summary>What of an entry a workload can see change; its id already stands for SPIFFE ID, parent and selectors.</summary>
    private static string Fingerprint(RegistrationEntry e) =>
        $"{e.Id} {e.Hint} {e.X509SvidTtl} {e.JwtSvidTtl} {string.Join(',', e.DnsNames)}";

    private void Replace(IReadOnlyList<RegistrationEntry> entries)
    {
        var before = Entries;
        if (before.Select(Fingerprint).SequenceEqual(entries.Select(Fingerprint), StringComparer.Ordinal))
            return;
        Volatile.Write(ref _entries, entries);
        AgentLog.EntriesChanged(log, entries.Count);
        changes.Notify();
    }

    public void Dispose() => _refreshing.Dispose();
}
