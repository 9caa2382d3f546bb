using Aims.Testing;

namespace Aims.Silo.Tests.Cluster;

/// <summary>Azure-profile silo processes of one test cluster on Azurite, sharing one authorization server identity.</summary>
internal static class ClusterSilos
{
    /// <summary>One authorization server identity for the whole cluster (Aims:Issuer).</summary>
    public const string Issuer = "https://issuer.aims.test";

    public static SiloProcess Start(string name, string dataDirectory, AzureClusterSettings cluster)
    {
        var ports = SiloPorts.Allocate();
        var environment = new Dictionary<string, string>(cluster.ToEnvironment(ports)) { ["Aims__Issuer"] = Issuer };
        return SiloProcess.Start(new SiloStartInfo(name, dataDirectory, ports, "Azure", environment));
    }
}
