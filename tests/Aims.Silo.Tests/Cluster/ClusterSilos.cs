using Aims.Testing;

namespace Aims.Silo.Tests.Cluster;

/// <summary>Azure-profile silo processes of one test cluster on Azurite, sharing one authorization server identity.</summary>
internal static class ClusterSilos
{
    /// <summary>One authorization server identity for the whole cluster (Aims:Issuer).</summary>
    public const string Issuer = "https://issuer.aims.test";

    /// <param name="environment">More configuration every silo of the cluster must share (e.g. its users); it wins over the defaults.</param>
    /// <param name="lifetime">How long the process may live (default <see cref="SiloProcess.MaxLifetime"/>), for a fixture that outlives one test.</param>
    public static SiloProcess Start(
        string name, string dataDirectory, AzureClusterSettings cluster, IReadOnlyDictionary<string, string>? environment = null, TimeSpan? lifetime = null)
    {
        var ports = SiloPorts.Allocate();
        var merged = new Dictionary<string, string>(cluster.ToEnvironment(ports)) { ["Aims__Issuer"] = Issuer };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            merged[key] = value;
        return SiloProcess.Start(new SiloStartInfo(name, dataDirectory, ports, "Azure", merged) { Lifetime = lifetime ?? SiloProcess.MaxLifetime });
    }
}
