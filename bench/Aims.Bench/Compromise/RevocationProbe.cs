using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace Aims.Bench.Compromise;

/// <summary>
/// Asks silos whether tokens are still active (RFC 7662 introspection, as the operator). During a compromise every
/// sampled token has a poller of its own, one request in flight, asking again as soon as an answer says active, so
/// the moment a token's first <c>active: false</c> arrives does not wait behind the other tokens' requests (an
/// inactive answer is audited durably before it is sent, which takes a storage round trip).
/// </summary>
internal sealed class RevocationProbe(IReadOnlyList<HttpClient> operators)
{
    /// <summary>Asks every target once, all at a time (which also opens a connection per target); returns how many answered active.</summary>
    public async Task<int> CountActiveAsync(IReadOnlyList<ProbeTarget> targets)
    {
        var answers = await Task.WhenAll(targets.Select(IsActiveAsync));
        return answers.Count(active => active);
    }

    /// <summary>Asks every target once, at most <paramref name="parallelism"/> at a time; returns how many answered active.</summary>
    public async Task<int> CountActiveAsync(IReadOnlyList<ProbeTarget> targets, int parallelism)
    {
        var active = 0;
        await Parallel.ForEachAsync(targets, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (target, _) =>
        {
            if (await IsActiveAsync(target))
                Interlocked.Increment(ref active);
        });
        return active;
    }

    /// <summary>
    /// Polls every target until it answers inactive or <paramref name="budget"/> runs out; returns, per target, the
    /// <see cref="Stopwatch"/> timestamp of its first inactive answer (0 if it never gave one) and the requests made.
    /// </summary>
    public async Task<(long[] InactiveAt, int Polls)> UntilInactiveAsync(IReadOnlyList<ProbeTarget> targets, TimeSpan budget)
    {
        var inactiveAt = new long[targets.Count];
        var polls = 0;
        var deadline = Stopwatch.GetTimestamp() + (long)(budget.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(targets.Select(async (target, i) =>
        {
            while (Stopwatch.GetTimestamp() < deadline)
            {
                var active = await IsActiveAsync(target);
                Interlocked.Increment(ref polls);
                if (!active)
                {
                    inactiveAt[i] = Stopwatch.GetTimestamp();
                    return;
                }
            }
        }));
        return (inactiveAt, polls);
    }

    private async Task<bool> IsActiveAsync(ProbeTarget target)
    {
        using var content = new FormUrlEncodedContent([KeyValuePair.Create("token", target.Token)]);
        using var response = await operators[target.Silo].PostAsync(new Uri("/oauth2/introspect", UriKind.Relative), content);
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK)
            throw new InvalidOperationException($"introspection through silo {target.Silo + 1}: {(int)response.StatusCode} {text}");
        using var json = JsonDocument.Parse(text);
        return json.RootElement.GetProperty("active").GetBoolean();
    }
}
