using Aims.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Providers;
using Orleans.Storage;

namespace Aims.Grains.Tests.Storage;

public sealed class SqliteGrainStorageSiloBuilderExtensionsTests
{
    [Fact]
    public void AddSqliteGrainStorage_Named_RegistersKeyedProviderThatJoinsTheSiloLifecycle()
    {
        using var host = BuildSilo(silo => silo.AddSqliteGrainStorage("aims", o => o.DatabasePath = UnusedPath()));

        var storage = host.Services.GetRequiredKeyedService<IGrainStorage>("aims");

        Assert.IsType<SqliteGrainStorage>(storage);
        Assert.Contains(host.Services.GetServices<ILifecycleParticipant<ISiloLifecycle>>(), p => ReferenceEquals(p, storage));
    }

    [Fact]
    public void AddSqliteGrainStorageAsDefault_RegistersDefaultGrainStorage()
    {
        using var host = BuildSilo(silo => silo.AddSqliteGrainStorageAsDefault(o => o.DatabasePath = UnusedPath()));

        var keyed = host.Services.GetRequiredKeyedService<IGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME);

        Assert.IsType<SqliteGrainStorage>(keyed);
        Assert.Same(keyed, host.Services.GetRequiredService<IGrainStorage>());
    }

    [Fact]
    public void AddSqliteGrainStorage_NoDatabase_FailsWhenTheProviderIsBuilt()
    {
        using var host = BuildSilo(silo => silo.AddSqliteGrainStorage("aims", _ => { }));

        Assert.Throws<OrleansConfigurationException>(() => host.Services.GetRequiredKeyedService<IGrainStorage>("aims"));
    }

    // The host is built, never started: nothing touches the file.
    private static IHost BuildSilo(Action<ISiloBuilder> configure)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering();
            configure(silo);
        });
        return builder.Build();
    }

    private static string UnusedPath() => Path.Combine(Path.GetTempPath(), "aims-sqlite-tests", "never-created", "grain-state.db");
}
