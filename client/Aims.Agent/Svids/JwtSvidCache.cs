using System.Collections.Concurrent;
using Aims.Core.Credentials;
using Aims.Core.Registration;
using Aims.Grains.Credentials;

namespace Aims.Agent.Svids;

/// <summary>
/// JWT-SVIDs by entry and audience, reused until their renewal point (about half their lifetime) so a workload
/// asking on every request does not mint a token each time, and never handed out close to expiry.
/// </summary>
internal sealed class JwtSvidCache(WorkloadIssuer issuer, TimeProvider time)
{
    private const int MaxCached = 10_000;
    private readonly ConcurrentDictionary<string, (JwtSvidIssued Svid, DateTimeOffset RenewAt)> _svids = new(StringComparer.Ordinal);

    public async Task<JwtSvidIssued> GetAsync(RegistrationEntry entry, IReadOnlyList<string> selectors, IReadOnlyList<string> audience)
    {
        var audiences = audience.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var key = entry.Id + "\n" + string.Join('\n', audiences);
        var now = time.GetUtcNow();
        if (_svids.TryGetValue(key, out var cached) && now < cached.RenewAt)
            return cached.Svid;

        var svid = await issuer.IssueJwtAsync(entry, selectors, audiences);
        if (_svids.Count >= MaxCached)
        {
            foreach (var (stale, value) in _svids)
            {
                if (value.Svid.ExpiresAt <= now)
                    _svids.TryRemove(stale, out _);
            }
        }

        if (_svids.Count < MaxCached)
            _svids[key] = (svid, SvidRenewalSchedule.RenewAt(now, svid.ExpiresAt, key));
        return svid;
    }
}
