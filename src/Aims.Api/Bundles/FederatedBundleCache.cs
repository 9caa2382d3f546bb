using System.Collections.Concurrent;
using Aims.Core.Authority;
using Aims.Core.Federation;
using Aims.Core.Identity;
using Aims.Grains;
using Aims.Grains.Federation;

namespace Aims.Api.Bundles;

/// <summary>
/// The federated trust domains' bundles as this silo's front end validates partner agents' SVIDs against, one entry
/// per trust domain, read from its <see cref="IFederatedBundleGrain"/>. Like <see cref="BundleCache"/>: an entry is
/// served for at most five seconds, then the grain's sequence is asked (a cheap status call) and the document fetched
/// and parsed again only when the sequence moved. So a bundle the grain replaced after a refresh, or a bundle with
/// keys revoked, stops being used here within five seconds; nothing is served that the grain does not hold.
/// </summary>
public sealed class FederatedBundleCache(IGrainFactory grains, FederationRelationships relationships, TimeProvider time) : IDisposable
{
    private static readonly TimeSpan Refresh = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<TrustDomain, FederatedTrust> _entries = new();
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <returns>
    /// The bundle of <paramref name="trustDomain"/>; or null and why not: no federation relationship names that trust
    /// domain, or its bundle has not been fetched yet.
    /// </returns>
    public async Task<(FederatedTrust? Trust, string? Error)> GetAsync(TrustDomain trustDomain)
    {
        ArgumentNullException.ThrowIfNull(trustDomain);
        if (!relationships.TryFind(trustDomain, out var relationship))
        {
            return (null, $"this server does not federate with trust domain {trustDomain}: no federation relationship names it "
                + "(Aims:Federation:Relationships), so none of its SVIDs can be checked");
        }

        var now = time.GetUtcNow();
        if (_entries.TryGetValue(trustDomain, out var fresh) && now - fresh.LoadedAt < Refresh)
            return (fresh, null);

        await _gate.WaitAsync();
        try
        {
            if (_entries.TryGetValue(trustDomain, out var again) && now - again.LoadedAt < Refresh)
                return (again, null);

            var grain = grains.GetGrain<IFederatedBundleGrain>(GrainKeys.FederatedBundle(trustDomain));
            var status = await grain.GetStatusAsync();
            if (again is not null && status.Sequence == again.Sequence)
            {
                var touched = again with { LoadedAt = now };
                _entries[trustDomain] = touched;
                return (touched, null);
            }

            if (await grain.GetBundleAsync() is not { } view)
            {
                _entries.TryRemove(trustDomain, out _);
                return (null, $"the bundle of federated trust domain {trustDomain} has not been fetched yet from {relationship.BundleEndpointUrl}"
                    + (status.LastError is { } lastError ? $" (last attempt: {lastError})" : string.Empty) + "; try again later");
            }

            // The grain stored the document only after parsing it; a failure here is a bug, not a bad request.
            if (!SpiffeBundleParser.TryParse(trustDomain, view.Json, out var bundle, out var error))
                throw new InvalidOperationException($"the stored bundle of {trustDomain} no longer parses: {error}");

            var loaded = FederatedTrust.From(bundle, now);
            _entries[trustDomain] = loaded;
            return (loaded, null);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
