using Aims.Grains.Hosting;
using Aims.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Aims.Grains.Tests.Storage;

/// <summary>One silo whose "aims" grain storage is a SQLite file in a temporary directory.</summary>
public sealed class SqliteStorageClusterFixture : IAsyncLifetime
{
    private const string DatabasePathKey = "SqliteStorageTests:DatabasePath";


    private readonly TemporaryDatabase _database = new();
    private TestCluster? _cluster;

    public TestCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster has not been deployed.");

    public string DatabasePath => _database.FilePath;

    /// <summary>The silo's "aims" grain storage: SQLite, observed.</summary>
    public ObservedGrainStorage AimsStorage => (ObservedGrainStorage)SiloServices.GetRequiredKeyedService<IGrainStorage>(StorageNames.Aims);

    /// <summary>When audit appends reach the log grain.</summary>
    public AuditAppendArrivals AuditAppends => SiloServices.GetRequiredService<AuditAppendArrivals>();

    private IServiceProvider SiloServices =>
        Cluster.Primary is InProcessSiloHandle { SiloHost: { } host }
            ? host.Services
            : throw new InvalidOperationException("The test cluster's silos run in this process.");

    public async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder(1);
        builder.Properties[DatabasePathKey] = _database.FilePath;
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            // A graceful stop runs the provider's close, which checkpoints the WAL and releases the file.
            await _cluster.StopAllSilosAsync();
            await _cluster.DisposeAsync();
        }

        _database.Dispose();
    }

    public sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            // The test grain and the audit log's grains share one provider, "aims" (SqliteStorageTestGrain.StorageName and
            // StorageNames.Aims, as in the silo): SQLite, observed so that tests can count, hold and fail the audit log's
            // writes (SqliteAuditLogTests). Every other call passes straight through.
            siloBuilder.Services.AddOptions<SqliteGrainStorageOptions>(StorageNames.Aims)
                .Configure(options => options.DatabasePath = siloBuilder.Configuration[DatabasePathKey]);
            siloBuilder.Services.AddGrainStorage(StorageNames.Aims, (services, name) => new ObservedGrainStorage(
                new SqliteGrainStorage(
                    name,
                    services.GetRequiredService<IOptionsMonitor<SqliteGrainStorageOptions>>().Get(name),
                    services.GetRequiredService<Serializer>(),
                    services.GetRequiredService<IActivatorProvider>(),
                    services.GetRequiredService<TimeProvider>(),
                    services.GetRequiredService<ILogger<SqliteGrainStorage>>()),
                services.GetRequiredService<DeepCopier>()));
            siloBuilder.Services.AddSingleton<AuditAppendArrivals>();
            siloBuilder.Services.AddSingleton<IIncomingGrainCallFilter>(services => services.GetRequiredService<AuditAppendArrivals>());
            siloBuilder.Services.TryAddSingleton(TimeProvider.System);
        }
    }
}
