using Aims.Core.Identity;

namespace Aims.Client.Hosting;

/// <summary>
/// Settings of the embedded client. Defaults come from the silo's configuration keys (<c>Aims:TrustDomain</c>,
/// <c>Aims:Profile</c>, <c>Aims:Local:GatewayPort</c>, <c>Aims:Azure:*</c>) when present, so a program that shares
/// the silo's configuration needs no code to find it.
/// </summary>
public sealed class AimsClientOptions
{
    public TrustDomain TrustDomain { get; set; } = TrustDomain.Parse("aims.local");

    public AimsClientProfile Profile { get; set; } = AimsClientProfile.Local;

    /// <summary>The silo's gateway port for <see cref="AimsClientProfile.Local"/>.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>Azure Storage connection string for <see cref="AimsClientProfile.Azure"/> (<c>UseDevelopmentStorage=true</c> for Azurite).</summary>
    public string? AzureConnectionString { get; set; }

    /// <summary>Cluster id for <see cref="AimsClientProfile.Azure"/>; must equal the silos'.</summary>
    public string ClusterId { get; set; } = "aims";

    /// <summary>Service id for <see cref="AimsClientProfile.Azure"/>; must equal the silos'.</summary>
    public string ServiceId { get; set; } = "aims";
}
