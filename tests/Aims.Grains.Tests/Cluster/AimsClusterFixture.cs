using Aims.Core.Identity;
using Aims.Grains.Authority;
using Aims.Grains.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Serialization;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Aims.Grains.Tests.Cluster;

/// <summary>
/// Two in-process silos with memory storage, memory streams and in-memory reminders, wired with
/// <see cref="AimsSiloBuilderExtensions.AddAimsGrains"/>. Grains read <see cref="Clock"/>; Orleans' own background
/// loops stay on real time so that advancing the fake clock never spins them.
/// </summary>
public sealed class AimsClusterFixture : IAsyncLifetime
{
    public const string TrustDomainName = "aims.test";

    /// <summary>Base64 of the 32 bytes 0x01..0x20: a fixed key-encryption key for every silo.</summary>
    public const string KeyEncryptionKey = "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=";

    private readonly FakeTimeProvider _clock = ClusterClock.Current;
    private TestCluster? _cluster;

    public static TrustDomain TrustDomain { get; } = TrustDomain.Parse(TrustDomainName);

    public TestCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster has not been deployed.");

    public IGrainFactory GrainFactory => Cluster.GrainFactory;

    public IClusterClient Client => Cluster.Client;

    public FakeTimeProvider Clock => _clock;

    public async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder(2);
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        builder.AddClientBuilderConfigurator<ClientConfigurator>();
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

    /// <summary>A SPIFFE ID in the cluster's trust domain that no other test uses.</summary>
    public static SpiffeId NewAgentId(string name) => TrustDomain.NewId($"/tests/{name}/{Guid.NewGuid():N}");

    /// <summary>
    /// Moves the shared clock and then does what the authority's reminder would: rotates the trust domain's keys,
    /// so tests that follow still find an active, unexpired key.
    /// </summary>
    public async Task AdvanceAsync(TimeSpan by)
    {
        Clock.Advance(by);
        await GrainFactory.GetGrain<ITrustDomainAuthorityGrain>(GrainKeys.Authority(TrustDomain)).RotateIfDueAsync();
    }

    /// <summary>
    /// The client accepts Aims.* exceptions as the silos send them (AddAimsGrains does the same on the silo side);
    /// without it an illegal state transition would arrive as a serialization failure.
    /// </summary>
    public sealed class ClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(IConfiguration configuration, IClientBuilder clientBuilder) =>
            clientBuilder.Services.Configure<ExceptionSerializationOptions>(o => o.SupportedNamespacePrefixes.Add("Aims."));
    }

    public sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            // Grain state through the Orleans binary serializer, as both production profiles store it. The memory
            // provider's default (Newtonsoft with $type names) cannot read back the compiler-generated collections
            // of [.. ] expressions, so an attested agent would fail to reactivate here but not in production.
            siloBuilder.AddMemoryGrainStorage(StorageNames.Aims, ob => ob.Configure<Serializer>((o, serializer) =>
                o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer)));
            siloBuilder.AddMemoryGrainStorage(StorageNames.PubSub);
            siloBuilder.AddMemoryStreams(StorageNames.Signals);
            siloBuilder.UseInMemoryReminderService();

            // Registered before AddAimsGrains, whose TryAdd then keeps it. Orleans resolves its background areas
            // (membership, reminders, messaging) from keyed providers: pin those to real time.
            siloBuilder.Services.AddSingleton<TimeProvider>(ClusterClock.Current);
            siloBuilder.Services.UseTimeProviderForBackgroundAreas(TimeProvider.System);

            siloBuilder.AddAimsGrains(new AimsOptions { TrustDomain = TrustDomainName, KeyEncryptionKey = KeyEncryptionKey, OAuth = Sessions.SessionTestOptions.OAuth }, null);
        }
    }
}
