namespace Aims.Grains.Storage;

/// <summary>
/// Where a <see cref="SqliteGrainStorage"/> provider keeps grain state: one SQLite file on a local
/// disk (WAL needs shared memory, so not NFS or SMB). Set exactly one of <see cref="DatabasePath"/>
/// and <see cref="ConnectionString"/>.
/// </summary>
public sealed class SqliteGrainStorageOptions
{
    /// <summary>Path of the database file. The file and its directory are created when missing.</summary>
    public string? DatabasePath { get; set; }

    /// <summary>
    /// A Microsoft.Data.Sqlite connection string, for settings beyond the path. Its Data Source must be
    /// a file path; in-memory and read-only databases are rejected because they cannot hold grain state.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>How long a statement waits for another writer (another silo on the same file) before failing.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
