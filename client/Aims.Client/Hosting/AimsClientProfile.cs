namespace Aims.Client.Hosting;

/// <summary>How the client finds the cluster; matches the silo's <c>Aims:Profile</c>.</summary>
public enum AimsClientProfile
{
    /// <summary>One silo on this machine: localhost clustering, gateway on <see cref="AimsClientOptions.GatewayPort"/>.</summary>
    Local = 0,

    /// <summary>Silos found through the Azure Table membership table.</summary>
    Azure = 1,
}
