using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using Aims.Agent.Sync;
using Aims.Core.Credentials;
using Aims.Core.Registration;
using Microsoft.Extensions.Logging;

namespace Aims.Agent.Svids;

/// <summary>
/// Workloads' X509-SVIDs by registration entry. Issued on first demand, renewed in the background at a point
/// between 40 % and 60 % of the lifetime fixed per entry (<see cref="SvidRenewalSchedule"/>), served from here
/// while the cluster is unreachable until they expire, dropped when their entry goes or renewal is refused.
/// </summary>
internal sealed class X509SvidCache(WorkloadIssuer issuer, ChangeFeed changes, TimeProvider time, ILogger<X509SvidCache> log)
{
    private static readonly TimeSpan MaxRetrySpacing = TimeSpan.FromSeconds(10);
    private readonly ConcurrentDictionary<string, CachedX509Svid> _svids = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _issuing = new(StringComparer.Ordinal);

    public int Count => _svids.Count;

    /// <summary>The entry's unexpired X509-SVID, issued now if there is none. Refusals and cluster failures propagate.</summary>
    public async Task<CachedX509Svid> GetAsync(RegistrationEntry entry, IReadOnlyList<string> selectors)
    {
        if (Unexpired(entry.Id) is { } cached)
            return cached;

        // One issuance per entry at a time: a burst of workloads of one entry gets one SVID, not one each.
        var gate = _issuing.GetOrAdd(entry.Id, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync();
        try
        {
            if (Unexpired(entry.Id) is { } again)
                return again;
            var svid = await IssueAsync(entry, selectors);
            _svids[entry.Id] = svid;
            changes.Notify();
            return svid;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// Renews what is due, drops what expired or lost its entry. Refused renewals drop the SVID (the workload lost
    /// its right to it); failed ones keep it and retry.
    /// </summary>
    public async Task MaintainAsync(IReadOnlyList<RegistrationEntry> entries)
    {
        var current = entries.ToDictionary(e => e.Id, StringComparer.Ordinal);
        foreach (var (id, svid) in _svids)
        {
            var now = time.GetUtcNow();
            if (!current.TryGetValue(id, out var entry))
            {
                Drop(id);
                continue;
            }

            if (now >= svid.NotAfter)
            {
                AgentLog.X509SvidExpired(log, id, svid.Serial);
                Drop(id);
                continue;
            }

            if (now < svid.RenewAt || now < svid.RetryAt)
                continue;

            await RenewAsync(entry, svid);
        }
    }

    private async Task RenewAsync(RegistrationEntry entry, CachedX509Svid svid)
    {
        var gate = _issuing.GetOrAdd(entry.Id, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync();
        try
        {
            _svids[entry.Id] = await IssueAsync(entry, svid.Selectors);
            changes.Notify();
        }
        catch (IssuanceRefusedException e)
        {
            AgentLog.X509SvidRenewalFailed(log, entry.Id, e.Message, svid.NotAfter);
            Drop(entry.Id);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            if (svid.FailedRenewals == 0)
                AgentLog.X509SvidRenewalFailed(log, entry.Id, e.Message, svid.NotAfter);

            // 1, 2, 4 … seconds, at most the spacing cap: quick while a silo restarts, quiet during a long outage.
            var backoff = TimeSpan.FromSeconds(Math.Min(Math.Pow(2, svid.FailedRenewals), MaxRetrySpacing.TotalSeconds));
            _svids[entry.Id] = svid with { RetryAt = time.GetUtcNow() + backoff, FailedRenewals = svid.FailedRenewals + 1 };
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<CachedX509Svid> IssueAsync(RegistrationEntry entry, IReadOnlyList<string> selectors)
    {
        var (issued, key) = await issuer.IssueX509Async(entry, selectors);
        var chain = new X509Certificate2Collection();
        chain.ImportFromPem(issued.ChainPem);
        var der = chain.SelectMany(c => c.RawData).ToArray();
        foreach (var certificate in chain)
            certificate.Dispose();

        var renewAt = SvidRenewalSchedule.RenewAt(issued.NotBefore, issued.ExpiresAt, entry.Id);
        AgentLog.X509SvidIssued(log, entry.SpiffeId.ToString(), entry.Id, issued.SerialNumber, issued.ExpiresAt, renewAt);
        return new CachedX509Svid(entry, der, key, issued.SerialNumber, issued.NotBefore, issued.ExpiresAt, renewAt, selectors, DateTimeOffset.MinValue);
    }

    private CachedX509Svid? Unexpired(string entryId) =>
        _svids.TryGetValue(entryId, out var svid) && time.GetUtcNow() < svid.NotAfter ? svid : null;

    private void Drop(string entryId)
    {
        if (_svids.TryRemove(entryId, out _))
            changes.Notify();
    }
}
