using Microsoft.Data.Sqlite;

namespace Aims.Grains.Tests.Storage;

[Collection(SqliteStorageClusterCollection.Name)]
public sealed class SqliteGrainStorageClusterTests(SqliteStorageClusterFixture fixture)
{
    [Fact]
    public async Task PersistentState_WrittenThenDeactivated_FreshActivationReadsItFromTheFile()
    {
        var grain = fixture.Cluster.GrainFactory.GetGrain<ISqliteStorageTestGrain>("alice");
        await grain.SetAsync("registered");
        var written = await grain.GetAsync();

        await grain.DeactivateAsync();
        var reactivated = await grain.GetAsync();

        Assert.NotEqual(written.ActivationId, reactivated.ActivationId);
        Assert.True(reactivated.RecordExists);
        Assert.Equal("registered", reactivated.Value);
        Assert.Equal(written.ETag, reactivated.ETag);
        Assert.Equal(long.Parse(written.ETag!, System.Globalization.CultureInfo.InvariantCulture), await ReadStoredETagAsync("alice"));
    }

    private async Task<long?> ReadStoredETagAsync(string key)
    {
        var connectionString = new SqliteConnectionStringBuilder { DataSource = fixture.DatabasePath, Pooling = false }.ToString();
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT etag FROM grain_state
            WHERE provider = $provider AND state_name = $state_name AND grain_id LIKE '%/' || $key
            """;
        command.Parameters.AddWithValue("$provider", SqliteStorageTestGrain.StorageName);
        command.Parameters.AddWithValue("$state_name", SqliteStorageTestGrain.StateName);
        command.Parameters.AddWithValue("$key", key);
        return await command.ExecuteScalarAsync() as long?;
    }
}
