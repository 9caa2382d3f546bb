namespace Aims.Grains.Tests.Storage;

public sealed class SqliteStorageTestGrain(
    [PersistentState(SqliteStorageTestGrain.StateName, SqliteStorageTestGrain.StorageName)] IPersistentState<SqliteTestState> state)
    : Grain, ISqliteStorageTestGrain
{
    public const string StateName = "s";
    public const string StorageName = "aims";

    private readonly Guid _activationId = Guid.NewGuid();

    public async Task SetAsync(string value)
    {
        state.State.Value = value;
        await state.WriteStateAsync();
    }

    public Task<SqliteStorageTestSnapshot> GetAsync() =>
        Task.FromResult(new SqliteStorageTestSnapshot(state.State.Value, state.Etag, state.RecordExists, _activationId));

    public Task DeactivateAsync()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}
