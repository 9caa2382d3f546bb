using Aims.Core.Identity;
using Aims.Grains;
using Aims.Grains.Authority;

namespace Aims.Api.Bundles;

/// <summary>
/// The local trust domain's bundle as the front end validates against, refreshed from the authority every few
/// seconds so request validation never needs a grain call.
/// </summary>
public sealed class BundleCache(IGrainFactory grains, TrustDomain trustDomain, TimeProvider time) : IDisposable
{
    private static readonly TimeSpan Refresh = TimeSpan.FromSeconds(5);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private CurrentBundle? _current;

    public TrustDomain TrustDomain => trustDomain;

    public async Task<CurrentBundle> GetAsync()
    {
        var now = time.GetUtcNow();
        if (_current is { } fresh && now - fresh.LoadedAt < Refresh)
            return fresh;

        await _gate.WaitAsync();
        try
        {
            if (_current is { } again && now - again.LoadedAt < Refresh)
                return again;

            var authority = grains.GetGrain<ITrustDomainAuthorityGrain>(GrainKeys.Authority(trustDomain));
            var snapshot = await authority.GetSnapshotAsync();
            if (_current is not null && _current.Sequence == snapshot.Sequence)
            {
                _current = _current with { LoadedAt = now };
                return _current;
            }

            var view = await authority.GetBundleAsync();
            _current = CurrentBundle.From(trustDomain, view, snapshot, now);
            return _current;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
