using Aims.Grains.Storage;
using static Aims.Grains.Tests.Storage.SqliteStorageHarness;

namespace Aims.Grains.Tests.Storage;

/// <summary>The database file itself: where it is created, its journal mode, what a clean close leaves behind, bad settings.</summary>
public sealed class SqliteGrainStorageFileTests : IAsyncLifetime
{
    private readonly SqliteStorageHarness _harness = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _harness.DisposeAsync().AsTask();

    [Fact]
    public async Task WriteStateAsync_DirectoryDoesNotExist_CreatesDirectoryAndFile()
    {
        var path = Path.Combine(_harness.Database.DirectoryPath, "nested", "deeper", "aims.db");
        var storage = _harness.CreateProvider(databasePath: path);

        await storage.WriteStateAsync("s", Grain("alice"), new TestGrainState { State = new() { Value = "created" } });

        Assert.True(File.Exists(path));
        var reread = NewState();
        await _harness.CreateProvider(databasePath: path).ReadStateAsync("s", Grain("alice"), reread);
        Assert.Equal("created", reread.State.Value);
    }

    [Fact]
    public async Task InitializeAsync_NewFile_CreatesTableInWalMode()
    {
        var storage = _harness.CreateProvider();

        await storage.InitializeAsync(CancellationToken.None);

        Assert.Equal("wal", await _harness.QueryScalarAsync("PRAGMA journal_mode"));
        Assert.Equal(0L, await _harness.QueryScalarAsync("SELECT COUNT(*) FROM grain_state"));
    }

    [Fact]
    public async Task OpenAsync_EveryConnection_SyncsCommitsFullyAndWaitsForLocks()
    {
        var database = SqliteStateDatabase.FromOptions(
            "aims", new SqliteGrainStorageOptions { DatabasePath = _harness.Database.FilePath, BusyTimeout = TimeSpan.FromSeconds(7) });
        await database.EnsureCreatedAsync(CancellationToken.None);
        try
        {
            await using var connection = await database.OpenAsync(CancellationToken.None);
            await using var command = connection.CreateCommand();

            command.CommandText = "PRAGMA synchronous";
            Assert.Equal(2L, await command.ExecuteScalarAsync()); // 2 = FULL
            command.CommandText = "PRAGMA busy_timeout";
            Assert.Equal(7000L, await command.ExecuteScalarAsync());
        }
        finally
        {
            await database.CloseAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task CloseAsync_AfterWrites_CheckpointsAndRemovesWal()
    {
        var storage = _harness.CreateProvider();
        var state = NewState();
        for (var i = 0; i < 3; i++)
            await storage.WriteStateAsync("s", Grain("alice"), state);

        await storage.CloseAsync(CancellationToken.None);

        Assert.True(File.Exists(_harness.Database.FilePath));
        Assert.False(File.Exists(_harness.Database.FilePath + "-wal"));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("/tmp/a.db", "Data Source=/tmp/b.db")]
    [InlineData(null, "Data Source=:memory:")]
    [InlineData(null, "Data Source=aims;Mode=Memory")]
    [InlineData(null, "Data Source=/tmp/a.db;Mode=ReadOnly")]
    [InlineData(null, "Data Source=/tmp/a.db;Flavour=Strawberry")]
    public void Constructor_OptionsWithoutOneWritableFile_ThrowsOrleansConfigurationException(string? databasePath, string? connectionString)
    {
        var options = new SqliteGrainStorageOptions { DatabasePath = databasePath, ConnectionString = connectionString };

        Assert.Throws<OrleansConfigurationException>(() => New(options));
    }

    [Fact]
    public async Task WriteStateAsync_ConnectionStringOption_UsesItsDataSource()
    {
        var options = new SqliteGrainStorageOptions { ConnectionString = $"Data Source={_harness.Database.FilePath};Default Timeout=10" };
        var storage = _harness.CreateProvider(options);

        await storage.WriteStateAsync("s", Grain("alice"), new TestGrainState { State = new() { Value = "via connection string" } });

        var reread = NewState();
        await _harness.CreateProvider().ReadStateAsync("s", Grain("alice"), reread);
        Assert.Equal("via connection string", reread.State.Value);
    }
}
