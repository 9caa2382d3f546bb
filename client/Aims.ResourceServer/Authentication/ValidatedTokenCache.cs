using System.Collections.Concurrent;
using Aims.Core.Credentials;

namespace Aims.ResourceServer.Authentication;

/// <summary>
/// Tokens already validated, by the hash of their compact value (<c>wth</c> / <c>ath</c>, SHA-256), so that an agent
/// that sends the same WIT or access token again costs no signature check. An entry is used only while it is
/// unexpired and the keys it was validated with are still the current ones: a key rotation or withdrawal makes every
/// entry validate again. Revocation is checked on every request by the caller, never cached. Bounded: when full, the
/// expired entries go, and if that frees nothing the cache starts over, so its upkeep stays one pass per fill. Thread-safe.
/// </summary>
public sealed class ValidatedTokenCache<T>(int capacity, TimeSpan clockSkew)
    where T : class
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private int _count;

    public int Count => Volatile.Read(ref _count);

    /// <summary>The value validated for <paramref name="hash"/> with <paramref name="keys"/>, if it is still current.</summary>
    internal bool TryGet(string hash, JwtBundle keys, DateTimeOffset now, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out T value)
    {
        if (_entries.TryGetValue(hash, out var entry) && ReferenceEquals(entry.Keys, keys)
            && !CredentialValidationWindow.HasExpired(entry.ExpiresAt, now, clockSkew))
        {
            value = entry.Value;
            return true;
        }

        value = null;
        return false;
    }

    internal void Add(string hash, T value, JwtBundle keys, DateTimeOffset expiresAt, DateTimeOffset now)
    {
        if (Count >= capacity)
            Sweep(now);

        var entry = new Entry(value, keys, expiresAt);
        if (_entries.TryAdd(hash, entry))
            Interlocked.Increment(ref _count);
        else
            _entries[hash] = entry;
    }

    /// <summary>Drops expired entries, or everything when none has expired; runs only when the cache is full.</summary>
    private void Sweep(DateTimeOffset now)
    {
        lock (_entries)
        {
            if (Count < capacity)
                return;
            foreach (var (hash, entry) in _entries)
            {
                if (CredentialValidationWindow.HasExpired(entry.ExpiresAt, now, clockSkew)
                    && _entries.TryRemove(new KeyValuePair<string, Entry>(hash, entry)))
                {
                    Interlocked.Decrement(ref _count);
                }
            }

            if (Count >= capacity)
            {
                _entries.Clear();
                Volatile.Write(ref _count, 0);
            }
        }
    }

    private sealed record Entry(T Value, JwtBundle Keys, DateTimeOffset ExpiresAt);
}
