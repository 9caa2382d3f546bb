using Aims.Grains.Hosting;
using Aims.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
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
            siloBuilder.AddSqliteGrainStorage(
                SqliteStorageTestGrain.StorageName,
                options => options.DatabasePath = siloBuilder.Configuration[DatabasePathKey]);

            // The audit log's grains on the same file, under the provider name they use in the silo (SqliteAuditLogTests).
            siloBuilder.AddSqliteGrainStorage(StorageNames.Aims, options => options.DatabasePath = siloBuilder.Configuration[DatabasePathKey]);
            siloBuilder.Services.TryAddSingleton(TimeProvider.System);
        }
    }
}
