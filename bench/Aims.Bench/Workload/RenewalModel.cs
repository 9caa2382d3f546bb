using System.Text.Json.Serialization;
using Aims.Core.Credentials;
using Aims.Core.Identity;
using Aims.Core.Registration;

namespace Aims.Bench.Workload;

/// <summary>
/// The rotation storm of a large fleet, modelled: <c>N</c> registration entries (ids derived as the registry derives
/// them) whose X509-SVIDs were all issued in the same second (a cold start, or every agent reconnecting at once) with
/// the real lifetime (TTL plus the issuer's backdate), renewed when <see cref="SvidRenewalSchedule"/> says, generation
/// after generation (each renewal is the next SVID's issuance). Nothing is issued: this is the schedule the node agents
/// follow, computed. The unjittered case renews every SVID at exactly half its lifetime.
/// </summary>
internal static class RenewalModel
{
    private const int Nodes = 1000;

    public static RenewalModelResult Run(int workloads, TimeSpan ttl, int generations)
    {
        var origin = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var ids = new string[workloads];
        for (var i = 0; i < workloads; i++)
        {
            ids[i] = RegistrationEntryId.For(
                SpiffeId.Parse($"spiffe://aims.local/workloads/w-{i:D6}"),
                SpiffeId.Parse($"spiffe://aims.local/node/host-{i % Nodes:D4}"),
                ["unix:uid:1000"]);
        }

        var issued = Enumerable.Repeat(origin, workloads).ToArray();
        var results = new List<RenewalGeneration>(generations);
        for (var g = 1; g <= generations; g++)
        {
            var renewals = new double[workloads];
            for (var i = 0; i < workloads; i++)
            {
                var renewAt = SvidRenewalSchedule.RenewAt(issued[i] - X509SvidIssuer.Backdate, issued[i] + ttl, ids[i]);
                renewals[i] = (renewAt - origin).TotalSeconds;
                issued[i] = renewAt;
            }

            results.Add(new RenewalGeneration(g, LoadProfile.Of(renewals)));
        }

        // Without jitter every SVID renews at half its lifetime: all of them in one second, every generation.
        var half = ((ttl + X509SvidIssuer.Backdate) / 2) - X509SvidIssuer.Backdate;
        var unjittered = LoadProfile.Of(Enumerable.Repeat(half.TotalSeconds, workloads).ToArray());
        return new RenewalModelResult(workloads, Nodes, (int)ttl.TotalSeconds, (int)X509SvidIssuer.Backdate.TotalSeconds, results, unjittered);
    }
}

internal sealed record RenewalGeneration(
    [property: JsonPropertyName("generation")] int Generation,
    [property: JsonPropertyName("profile")] LoadProfile Profile);

internal sealed record RenewalModelResult(
    [property: JsonPropertyName("workloads")] int Workloads,
    [property: JsonPropertyName("nodes")] int Nodes,
    [property: JsonPropertyName("ttlSeconds")] int TtlSeconds,
    [property: JsonPropertyName("backdateSeconds")] int BackdateSeconds,
    [property: JsonPropertyName("generations")] IReadOnlyList<RenewalGeneration> Generations,
    [property: JsonPropertyName("unjittered")] LoadProfile Unjittered);
