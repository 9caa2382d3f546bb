using Aims.Grains.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;

namespace Aims.Grains.Tests.Storage;

/// <summary>Builds <see cref="SqliteGrainStorage"/> instances on a temporary file and closes them afterwards.</summary>
public sealed class SqliteStorageHarness : IAsyncDisposable
{
    private static readonly ServiceProvider SerializerServices = new ServiceCollection().AddSerializer().BuildServiceProvider();

    private readonly List<SqliteGrainStorage> _providers = [];

    public static Serializer Serializer => SerializerServices.GetRequiredService<Serializer>();

    public static IActivatorProvider Activators => SerializerServices.GetRequiredService<IActivatorProvider>();

    public TemporaryDatabase Database { get; } = new();

    /// <summary>A provider on <see cref="Database"/>, as a silo would build it; each call is a new instance ("a restart").</summary>
    public SqliteGrainStorage CreateProvider(string name = "aims", string? databasePath = null, TimeProvider? timeProvider = null) =>
        CreateProvider(new SqliteGrainStorageOptions { DatabasePath = databasePath ?? Database.FilePath }, name, timeProvider);

    public SqliteGrainStorage CreateProvider(SqliteGrainStorageOptions options, string name = "aims", TimeProvider? timeProvider = null)
    {
        var provider = New(options, name, timeProvider);
        _providers.Add(provider);
        return provider;
    }

    /// <summary>A provider the harness does not track, for constructor tests.</summary>
    public static SqliteGrainStorage New(SqliteGrainStorageOptions options, string name = "aims", TimeProvider? timeProvider = null) =>
        new(name, options, Serializer, Activators, timeProvider ?? TimeProvider.System, NullLogger<SqliteGrainStorage>.Instance);

    public static TestGrainState NewState() => new();

    public static GrainId Grain(string key) => GrainId.Create("sqlite-test", key);

    /// <summary>Runs a scalar query on the file with an unpooled connection, to look at what was stored.</summary>
    public async Task<object?> QueryScalarAsync(string sql)
    {
        var connectionString = new SqliteConnectionStringBuilder { DataSource = Database.FilePath, Pooling = false }.ToString();
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var provider in _providers)
            await provider.CloseAsync(CancellationToken.None);
        Database.Dispose();
    }
}
