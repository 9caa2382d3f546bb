namespace Aims.Grains.Tests.Storage;

[CollectionDefinition(Name)]
public sealed class SqliteStorageClusterCollection : ICollectionFixture<SqliteStorageClusterFixture>
{
    public const string Name = "SQLite grain storage cluster";
}
