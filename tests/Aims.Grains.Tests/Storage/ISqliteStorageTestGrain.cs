namespace Aims.Grains.Tests.Storage;

[Alias("aims.tests.ISqliteStorageTestGrain")]
public interface ISqliteStorageTestGrain : IGrainWithStringKey
{
    [Alias("Set")]
    Task SetAsync(string value);

    [Alias("Get")]
    Task<SqliteStorageTestSnapshot> GetAsync();

    [Alias("Deactivate")]
    Task DeactivateAsync();
}
