using System.Collections.Concurrent;

namespace Aims.Grains.Signals;

/// <summary>
/// The token grains activated on this silo, by every agent a token names (subject, client, actors), so the silo's
/// signal relay reaches exactly the local activations of a compromised agent. Token grains add themselves when
/// they learn their token and remove themselves when they deactivate.
/// </summary>
public sealed class LocalTokenActivations
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _byAgent = new(StringComparer.Ordinal);

    public void Track(string jti, IEnumerable<string> parties)
    {
        foreach (var party in parties)
            _byAgent.GetOrAdd(party, _ => new(StringComparer.Ordinal))[jti] = 0;
    }

    public void Untrack(string jti, IEnumerable<string> parties)
    {
        foreach (var party in parties)
        {
            if (_byAgent.TryGetValue(party, out var tokens))
            {
                tokens.TryRemove(jti, out _);
                if (tokens.IsEmpty)
                    _byAgent.TryRemove(party, out _);
            }
        }
    }

    public IReadOnlyList<string> TokensOf(string agent) =>
        _byAgent.TryGetValue(agent, out var tokens) ? [.. tokens.Keys] : [];

    public int Count => _byAgent.Values.Sum(t => t.Count);
}
