using Aims.Core.Authority;
using Aims.Grains.Authority;

namespace Aims.Grains.Credentials;

/// <summary>
/// The authority's key ring as this silo last loaded it, shared by everything on the silo that signs: the issuer
/// workers and the grains that mint access tokens in their own turn (<see cref="AccessTokenMinter"/>). It is asked of
/// the authority grain again when it is older than <see cref="RefreshAfter"/> or its active JWT key has expired, one
/// load at a time; a ring whose sequence did not move is kept.
/// </summary>
/// <remarks>
/// Callers use a ring synchronously right after getting it. A replaced ring is therefore disposed only when the ring
/// after it arrives, by which time no signing that began with it can still be running.
/// </remarks>
public sealed class SiloKeyRing(AuthorityMaterial material, IGrainFactory grains, TimeProvider time) : IDisposable
{
    /// <summary>How long a loaded ring is trusted before the authority is asked again; well under the prepare-to-activate gap.</summary>
    public static readonly TimeSpan RefreshAfter = TimeSpan.FromSeconds(15);

    private readonly Lock _gate = new();
    private volatile Loaded? _current;
    private AuthorityKeyRing? _retired;
    private Task<AuthorityKeyRing>? _loading;

    public AuthorityMaterial Material => material;

    /// <summary>The current ring; completes synchronously unless it must be asked of the authority.</summary>
    public ValueTask<AuthorityKeyRing> CurrentAsync()
    {
        var loaded = _current;
        var now = time.GetUtcNow();
        if (loaded is not null && now - loaded.At < RefreshAfter && !ActiveKeyExpired(loaded.Ring, now))
            return ValueTask.FromResult(loaded.Ring);

        lock (_gate)
        {
            // A load that completed (or failed) is over: the next caller to find the ring stale starts another.
            if (_loading is null || _loading.IsCompleted)
                _loading = LoadAsync();
            return new ValueTask<AuthorityKeyRing>(_loading);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _current?.Ring.Dispose();
            _retired?.Dispose();
            (_current, _retired) = (null, null);
        }
    }

    /// <remarks>
    /// Started by whichever caller found the ring stale, possibly in a grain's turn; it resumes off that grain's
    /// scheduler (<c>ConfigureAwait(false)</c>) so that every caller waiting on it depends on no one grain.
    /// </remarks>
    private async Task<AuthorityKeyRing> LoadAsync()
    {
        var snapshot = await grains.GetGrain<ITrustDomainAuthorityGrain>(GrainKeys.Authority(material.TrustDomain)).GetSnapshotAsync()
            .ConfigureAwait(false);
        lock (_gate)
        {
            var ring = _current?.Ring;
            if (ring is null || ring.Sequence != snapshot.Sequence)
            {
                _retired?.Dispose();
                _retired = ring;
                ring = material.Load(snapshot);
            }

            _current = new Loaded(ring, time.GetUtcNow());
            return ring;
        }
    }

    private static bool ActiveKeyExpired(AuthorityKeyRing ring, DateTimeOffset now) =>
        ring.ActiveJwtKey is { } jwt && now >= jwt.NotAfter;

    private sealed record Loaded(AuthorityKeyRing Ring, DateTimeOffset At);
}
