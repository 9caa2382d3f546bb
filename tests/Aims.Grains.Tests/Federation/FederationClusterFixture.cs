using Aims.Testing;
using Aims.Grains.Hosting;
using Aims.Grains.Tests.Cluster;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Aims.Grains.Tests.Federation;

/// <summary>
/// One in-process silo of trust domain <c>aims.test</c> federated over https_web (loopback http) with
/// <see cref="PeerTrustDomain"/>, whose endpoint is <see cref="PeerBundleEndpoint.Shared"/>. The refresh floor is an
/// hour, so after the fetch at activation only the tests' explicit refreshes fetch.
/// </summary>
public sealed class FederationClusterFixture : IAsyncLifetime
{
    public const string PeerTrustDomain = "peer.test";

    private TestCluster? _cluster;

    public IGrainFactory GrainFactory => (_cluster ?? throw new InvalidOperationException("not deployed")).GrainFactory;

    public static PeerBundleEndpoint Peer => PeerBundleEndpoint.Shared;

    public async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder(1);
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        builder.AddClientBuilderConfigurator<AimsClusterFixture.ClientConfigurator>();
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.StopAllSilosAsync();
            await _cluster.DisposeAsync();
        }
    }

    public sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.AddMemoryGrainStorage(StorageNames.Aims, ob => ob.Configure<Serializer>((o, serializer) =>
                o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer)));
            siloBuilder.AddMemoryGrainStorage(StorageNames.PubSub);
            siloBuilder.AddMemoryStreams(StorageNames.Signals);
            siloBuilder.UseInMemoryReminderService();
            siloBuilder.Services.AddSingleton(TimeProvider.System);
            var options = new AimsOptions { TrustDomain = AimsClusterFixture.TrustDomainName, KeyEncryptionKey = AimsClusterFixture.KeyEncryptionKey };
            options.Federation.MinRefreshSeconds = 3600;
            options.Federation.Relationships.Add(new FederationRelationshipOptions
            {
                TrustDomain = PeerTrustDomain,
                BundleEndpointUrl = PeerBundleEndpoint.Shared.Url,
                Profile = "https_web",
            });
            siloBuilder.AddAimsGrains(options, null);
        }
    }
}
