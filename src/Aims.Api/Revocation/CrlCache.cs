using System.Collections.Concurrent;
using Aims.Core.Identity;
using Aims.Grains;
using Aims.Grains.Revocation;

namespace Aims.Api.Revocation;

/// <summary>
/// This silo's copy of each CA's CRL. Every request asks the CA's revocation list for its current number (a small
/// grain call) and downloads the DER only when the number moved, so a silo never serves a CRL older than a revocation
/// any silo has acknowledged: the list records a revocation durably before the revocation is acknowledged.
/// </summary>
public sealed class CrlCache(IGrainFactory grains, TrustDomain trustDomain)
{
    private const string ActiveCa = "";

    private readonly ConcurrentDictionary<string, CrlView> _held = new(StringComparer.Ordinal);

    /// <summary>The current CRL of the CA with <paramref name="caKid"/> (the active CA when null), with its DER; null when there is no such CA.</summary>
    public async Task<CrlView?> GetAsync(string? caKid)
    {
        var key = caKid ?? ActiveCa;
        _held.TryGetValue(key, out var held);
        var current = await grains.GetGrain<IRevocationResponderGrain>(GrainKeys.RevocationResponder(trustDomain))
            .GetCrlAsync(caKid, held?.CaKid, held?.Number ?? 0);
        if (current is null)
        {
            _held.TryRemove(key, out _);
            return null;
        }

        if (current.Der is null)
            return held;
        _held[key] = current;
        return current;
    }
}
