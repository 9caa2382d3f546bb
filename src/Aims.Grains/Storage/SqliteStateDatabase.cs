using System.Globalization;
using Microsoft.Data.Sqlite;
using Orleans.Runtime;

namespace Aims.Grains.Storage;

/// <summary>
/// The <c>grain_state</c> table in one SQLite file: connection settings, schema and the
/// compare-and-set statements. Knows nothing about Orleans state objects or serialization.
/// </summary>
/// <remarks>
/// A row whose payload is NULL is a tombstone left by a clear. Keeping it means a key's etag only
/// ever grows, so an activation holding an etag from before a clear can never match a later write
/// (no ABA). Every statement is a single autocommit statement or an immediate transaction that is
/// committed before the method returns.
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The write gate's SemaphoreSlim never allocates a wait handle (only WaitAsync is used) and lives as long as the silo; the writer connection is closed by CloseAsync, which the provider runs at silo shutdown.")]
internal sealed class SqliteStateDatabase
{
    private const string CreateSchemaSql = """
        CREATE TABLE IF NOT EXISTS grain_state (
            provider    TEXT    NOT NULL,
            state_name  TEXT    NOT NULL,
            grain_id    TEXT    NOT NULL,
            etag        INTEGER NOT NULL,
            payload     BLOB,
            updated_utc TEXT    NOT NULL,
            PRIMARY KEY (provider, state_name, grain_id)
        );
        """;

    private const string KeyFilter = "provider = $provider AND state_name = $state_name AND grain_id = $grain_id";

    private const string ReadSql = $"SELECT etag, payload FROM grain_state WHERE {KeyFilter} AND payload IS NOT NULL;";

    private const string ReadETagSql = $"SELECT etag FROM grain_state WHERE {KeyFilter} AND payload IS NOT NULL;";

    // A first write may replace a tombstone but never a live row.
    private const string InsertSql = """
        INSERT INTO grain_state (provider, state_name, grain_id, etag, payload, updated_utc)
        VALUES ($provider, $state_name, $grain_id, 1, $payload, $updated_utc)
        ON CONFLICT (provider, state_name, grain_id) DO UPDATE
            SET etag = grain_state.etag + 1, payload = excluded.payload, updated_utc = excluded.updated_utc
            WHERE grain_state.payload IS NULL
        RETURNING etag;
        """;

    private const string UpdateSql = $"""
        UPDATE grain_state SET etag = etag + 1, payload = $payload, updated_utc = $updated_utc
        WHERE {KeyFilter} AND etag = $etag AND payload IS NOT NULL
        RETURNING etag;
        """;

    private const string ClearSql = $"""
        UPDATE grain_state SET etag = etag + 1, payload = NULL, updated_utc = $updated_utc
        WHERE {KeyFilter} AND etag = $etag AND payload IS NOT NULL
        RETURNING etag;
        """;

    private const string CheckpointSql = "PRAGMA wal_checkpoint(TRUNCATE);";

    private readonly string _connectionString;
    private readonly string _connectionPragmas;

    /// <summary>
    /// SQLite has one writer at a time, and Microsoft.Data.Sqlite waits for the lock by blocking a thread. Writers of
    /// this process queue here without blocking instead; busy_timeout is left for another process on the same file.
    /// </summary>
    private readonly SemaphoreSlim _writeGate = new(1, 1);

    /// <summary>
    /// The connection writes go through, used by one writer at a time (under <see cref="_writeGate"/>) and kept open
    /// with its prepared statements, so a write does not open a connection, apply the pragmas and prepare its
    /// statement again. Dropped after any failure; the next write opens a fresh one.
    /// </summary>
    private SqliteConnection? _writer;

    /// <summary>The statements of <see cref="_writer"/> by SQL text; prepared on first use, reused after.</summary>
    private readonly Dictionary<string, SqliteCommand> _writeCommands = new(StringComparer.Ordinal);

    private SqliteStateDatabase(string connectionString, string dataSource, TimeSpan busyTimeout)
    {
        _connectionString = connectionString;
        DataSource = dataSource;

        // synchronous and busy_timeout are per connection; journal_mode=WAL is stored in the file.
        // WAL with synchronous=FULL syncs the log on every commit: an acknowledged write survives power loss.
        _connectionPragmas = string.Create(
            CultureInfo.InvariantCulture,
            $"PRAGMA synchronous = FULL; PRAGMA busy_timeout = {(long)busyTimeout.TotalMilliseconds};");
    }

    /// <summary>Full path of the database file.</summary>
    public string DataSource { get; }

    /// <summary>Validates <paramref name="options"/> and builds the connection settings for provider <paramref name="providerName"/>.</summary>
    /// <exception cref="OrleansConfigurationException">The options do not name exactly one usable database file.</exception>
    public static SqliteStateDatabase FromOptions(string providerName, SqliteGrainStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        var hasPath = !string.IsNullOrWhiteSpace(options.DatabasePath);
        var hasConnectionString = !string.IsNullOrWhiteSpace(options.ConnectionString);
        if (hasPath == hasConnectionString)
        {
            throw Invalid(providerName, "set exactly one of DatabasePath and ConnectionString.");
        }

        if (options.BusyTimeout <= TimeSpan.Zero || options.BusyTimeout > TimeSpan.FromMinutes(10))
        {
            throw Invalid(providerName, "BusyTimeout must be positive and at most 10 minutes.");
        }

        SqliteConnectionStringBuilder builder;
        try
        {
            builder = hasConnectionString
                ? new SqliteConnectionStringBuilder(options.ConnectionString)
                : new SqliteConnectionStringBuilder { DataSource = options.DatabasePath };
        }
        catch (ArgumentException exception)
        {
            throw new OrleansConfigurationException($"SQLite grain storage '{providerName}': the connection string is invalid.", exception);
        }

        if (string.IsNullOrWhiteSpace(builder.DataSource)
            || string.Equals(builder.DataSource, ":memory:", StringComparison.Ordinal)
            || builder.Mode is SqliteOpenMode.Memory or SqliteOpenMode.ReadOnly)
        {
            throw Invalid(providerName, "the Data Source must be a writable database file.");
        }

        builder.DataSource = Path.GetFullPath(builder.DataSource);
        builder.DefaultTimeout = (int)Math.Ceiling(options.BusyTimeout.TotalSeconds);
        return new SqliteStateDatabase(builder.ToString(), builder.DataSource, options.BusyTimeout);
    }

    /// <summary>Creates the directory, the file and the table if missing, and switches the file to WAL.</summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(DataSource);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        await using var connection = await OpenAsync(cancellationToken);
        await using (var journal = connection.CreateCommand())
        {
            journal.CommandText = "PRAGMA journal_mode = WAL;";
            var mode = await journal.ExecuteScalarAsync(cancellationToken) as string;
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"SQLite database '{DataSource}' refused WAL mode (journal_mode is '{mode}').");
            }
        }

        await using var schema = connection.CreateCommand();
        schema.CommandText = CreateSchemaSql;
        await schema.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Opens a pooled connection with this provider's per-connection settings applied.</summary>
    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var pragmas = connection.CreateCommand();
            pragmas.CommandText = _connectionPragmas;
            await pragmas.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Reads the live row for <paramref name="key"/>; null when there is none or it was cleared.</summary>
    public async Task<SqliteStoredState?> ReadAsync(SqliteGrainStateKey key, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = ReadSql;
        AddKey(command, key);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new SqliteStoredState(reader.GetInt64(0), reader.GetFieldValue<byte[]>(1));
    }

    /// <summary>Reads the etag of the live row for <paramref name="key"/>; null when there is none or it was cleared.</summary>
    public async Task<long?> ReadETagAsync(SqliteGrainStateKey key, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = ReadETagSql;
        AddKey(command, key);
        return await command.ExecuteScalarAsync(cancellationToken) is long etag ? etag : null;
    }

    /// <summary>Writes the first version of a row; null when a live row already exists.</summary>
    public Task<long?> TryInsertAsync(SqliteGrainStateKey key, byte[] payload, DateTimeOffset now, CancellationToken cancellationToken) =>
        ExecuteCompareAndSetAsync(InsertSql, key, expectedETag: null, payload, now, cancellationToken);

    /// <summary>Replaces the live row if its etag is still <paramref name="expectedETag"/>; returns the new etag, or null on mismatch.</summary>
    public Task<long?> TryUpdateAsync(SqliteGrainStateKey key, long expectedETag, byte[] payload, DateTimeOffset now, CancellationToken cancellationToken) =>
        ExecuteCompareAndSetAsync(UpdateSql, key, expectedETag, payload, now, cancellationToken);

    /// <summary>Turns the live row into a tombstone if its etag is still <paramref name="expectedETag"/>; false on mismatch.</summary>
    public async Task<bool> TryClearAsync(SqliteGrainStateKey key, long expectedETag, DateTimeOffset now, CancellationToken cancellationToken) =>
        await ExecuteCompareAndSetAsync(ClearSql, key, expectedETag, payload: null, now, cancellationToken) is not null;

    /// <summary>
    /// Moves the WAL into the database file and closes this file's pooled connections, so a clean
    /// shutdown leaves no <c>-wal</c>/<c>-shm</c> behind once no other process holds the file.
    /// </summary>
    public async Task CloseAsync(CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            await DropWriterAsync();
            await using var connection = await OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = CheckpointSql;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        finally
        {
            using var pooled = new SqliteConnection(_connectionString);
            SqliteConnection.ClearPool(pooled);
            _writeGate.Release();
        }
    }

    private async Task<long?> ExecuteCompareAndSetAsync(
        string sql, SqliteGrainStateKey key, long? expectedETag, byte[]? payload, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            return await CompareAndSetAsync(sql, key, expectedETag, payload, now, cancellationToken);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private async Task<long?> CompareAndSetAsync(
        string sql, SqliteGrainStateKey key, long? expectedETag, byte[]? payload, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            _writer ??= await OpenAsync(cancellationToken);

            // An immediate transaction takes the write lock up front (waiting up to busy_timeout) and
            // turns a failed commit, including a failed fsync, into an exception instead of a lost write.
            await using var transaction = (SqliteTransaction)await _writer.BeginTransactionAsync(cancellationToken);
            var command = WriteCommand(sql);
            command.Transaction = transaction;
            command.Parameters.Clear();
            AddKey(command, key);
            if (expectedETag is { } etag)
            {
                command.Parameters.AddWithValue("$etag", etag);
            }

            if (payload is not null)
            {
                command.Parameters.Add("$payload", SqliteType.Blob).Value = payload;
            }

            command.Parameters.AddWithValue("$updated_utc", now.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
            var newETag = await command.ExecuteScalarAsync(cancellationToken) is long value ? value : (long?)null;
            if (newETag is null)
            {
                await transaction.RollbackAsync(CancellationToken.None);
                return null;
            }

            // Once the statement has run, finish the commit even if the caller gives up.
            await transaction.CommitAsync(CancellationToken.None);
            return newETag;
        }
        catch
        {
            // The connection may be left in any state (a failed commit, a cancelled statement): start afresh.
            await DropWriterAsync();
            throw;
        }
    }

    private SqliteCommand WriteCommand(string sql)
    {
        if (!_writeCommands.TryGetValue(sql, out var command))
        {
            command = _writer!.CreateCommand();
            command.CommandText = sql;
            _writeCommands[sql] = command;
        }

        return command;
    }

    /// <summary>Closes the writer connection and its statements; called under <see cref="_writeGate"/>.</summary>
    private async Task DropWriterAsync()
    {
        foreach (var command in _writeCommands.Values)
        {
            await command.DisposeAsync();
        }

        _writeCommands.Clear();
        if (_writer is not null)
        {
            await _writer.DisposeAsync();
            _writer = null;
        }
    }

    private static void AddKey(SqliteCommand command, SqliteGrainStateKey key)
    {
        command.Parameters.AddWithValue("$provider", key.Provider);
        command.Parameters.AddWithValue("$state_name", key.StateName);
        command.Parameters.AddWithValue("$grain_id", key.GrainId);
    }

    private static OrleansConfigurationException Invalid(string providerName, string problem) =>
        new($"SQLite grain storage '{providerName}': {problem}");
}
