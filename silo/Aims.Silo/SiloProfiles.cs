using System.Net;
using Aims.Grains.Hosting;
using Aims.Grains.Storage;
using Azure.Data.Tables;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;

namespace Aims.Silo;

/// <summary>Storage, clustering and reminders for the two deployment profiles (ARCHITECTURE.md "Storage and deployment profiles").</summary>
public static class SiloProfiles
{
    public static void ConfigureLocal(ISiloBuilder silo, AimsOptions options, string dataDirectory)
    {
        silo.UseLocalhostClustering(options.Local.SiloPort, options.Local.GatewayPort);
        silo.AddSqliteGrainStorage(StorageNames.Aims, o => o.DatabasePath = Path.Combine(dataDirectory, "aims.db"));
        silo.AddMemoryGrainStorage(StorageNames.PubSub);
        silo.UseInMemoryReminderService();
        silo.AddMemoryStreams(StorageNames.Signals);
        silo.AddAimsGrains(options, Path.Combine(dataDirectory, "kek"));
    }

    public static void ConfigureAzure(ISiloBuilder silo, AimsOptions options)
    {
        var connection = options.Azure.ConnectionString
            ?? throw new InvalidOperationException("The Azure profile needs Aims:Azure:ConnectionString (e.g. UseDevelopmentStorage=true for Azurite).");
        var tables = new TableServiceClient(connection);
        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = options.Azure.ClusterId;
            o.ServiceId = options.Azure.ServiceId;
        });
        // Listen beyond loopback only when other machines must reach this silo (an advertised address is set).
        silo.ConfigureEndpoints(
            AdvertisedAddress(options.Azure.AdvertisedAddress), options.Azure.SiloPort, options.Azure.GatewayPort,
            listenOnAnyHostAddress: !string.IsNullOrWhiteSpace(options.Azure.AdvertisedAddress));
        silo.UseAzureStorageClustering(o => o.TableServiceClient = tables);
        silo.AddAzureTableGrainStorage(StorageNames.Aims, ob => ob.Configure<Serializer>((o, serializer) =>
        {
            o.TableServiceClient = tables;
            o.TableName = "AimsGrainState";
            // The Orleans binary serializer, as the Local profile's SQLite storage uses. The default Newtonsoft
            // serializer writes $type names and cannot read back compiler-generated collection types
            // (e.g. <>z__ReadOnlyArray<string> from a [.. ] collection expression), so a grain whose state was
            // written on one silo failed to activate anywhere else.
            o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);
        }));
        silo.AddAzureTableGrainStorage(StorageNames.PubSub, o => o.TableServiceClient = tables);
        silo.UseAzureTableReminderService(o => o.TableServiceClient = tables);
        silo.AddMemoryStreams(StorageNames.Signals);
        silo.Configure<ClusterMembershipOptions>(o =>
        {
            // Detect a dead silo in seconds rather than the default ~15 s, so its grains move quickly.
            o.ProbeTimeout = TimeSpan.FromSeconds(2);
            o.NumMissedProbesLimit = 2;
            o.NumVotesForDeathDeclaration = 1;
        });
        silo.AddAimsGrains(options, defaultKekFile: null);
    }

    private static IPAddress AdvertisedAddress(string? configured)
    {
        if (string.IsNullOrWhiteSpace(configured))
            return IPAddress.Loopback;
        if (IPAddress.TryParse(configured, out var address))
            return address;
        return Dns.GetHostAddresses(configured).FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
            ?? throw new InvalidOperationException($"Aims:Azure:AdvertisedAddress '{configured}' does not resolve to an IPv4 address.");
    }
}
