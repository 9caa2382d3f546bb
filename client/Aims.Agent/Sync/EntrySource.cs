using Aims.Agent.Hosting;
using Aims.Agent.Node;
using Aims.Core.Registration;
using Aims.Grains;
using Aims.Grains.Nodes;
using Microsoft.Extensions.Logging;

namespace Aims.Agent.Sync;

/// <summary>
/// This node's registration entries, polled from the cluster, and matching against them.
/// </summary>
internal sealed class EntrySource(IClusterClient cluster, NodeAgentOptions options, NodeIdentity node, ChangeFeed changes, ILogger<EntrySource> log) : IDisposable
{
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private IReadOnlyList<RegistrationEntry> _entries = [];
    private long _started;
    private long _completedFrom;

    public IReadOnlyList<RegistrationEntry> Entries => Volatile.Read(ref _entries);

    /// <summary>Fetches the node's entries. Cluster failures propagate and leave the known entries in place.</summary>
    public Task RefreshAsync() => RefreshAsync(unlessStartedAfter: null);

    /// <summary>
    /// The entries whose selectors the workload shows. When none does, the entries are fetched again first (an
    /// operator may just have created the one it needs); callers that miss together share one fetch that began
    /// after they asked.
    /// </summary>
    public async Task<IReadOnlyList<RegistrationEntry>> MatchAsync(IReadOnlyList<string> selectors)
    {
        var asked = Interlocked.Read(ref _started);
        var matched = EntryMatcher.Select(Entries, selectors);
        if (matched.Count > 0)
            return matched;

        try
        {
            await RefreshAsync(unlessStartedAfter: asked);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            AgentLog.ClusterUnreachable(log, "entries", e.Message);
        }

        return EntryMatcher.Select(Entries, selectors);
    }

    /// <param name="unlessStartedAfter">Skip the fetch when one that started after this mark has completed meanwhile.</param>
    private async Task RefreshAsync(long? unlessStartedAfter)
    {
        if (node.Current is not { } credential)
            return;

        await _refreshing.WaitAsync();
        try
        {
            if (unlessStartedAfter is { } mark && Interlocked.Read(ref _completedFrom) > mark)
                return;
            var mine = Interlocked.Increment(ref _started);
            var list = await cluster.GetGrain<INodeGrain>(GrainKeys.Node(options.NodeId)).ListEntriesAsync(credential.Serial);
            Interlocked.Exchange(ref _completedFrom, mine);
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
