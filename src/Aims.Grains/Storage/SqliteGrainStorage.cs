using System.Globalization;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Aims.Grains.Storage;

/// <summary>
/// Orleans grain storage on a local SQLite file. State is written with the Orleans binary serializer,
/// so <c>[GenerateSerializer]</c>/<c>[Id]</c> state classes stay readable as they evolve. Writes are
/// compare-and-set on an integer etag and are durable (WAL, <c>synchronous=FULL</c>) when they return.
/// </summary>
public sealed partial class SqliteGrainStorage : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    private const string NoETag = "none";

    private readonly string _name;
    private readonly SqliteStateDatabase _database;
    private readonly OrleansGrainStorageSerializer _serializer;
    private readonly IActivatorProvider _activatorProvider;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<SqliteGrainStorage> _logger;
    private volatile bool _created;

    /// <summary>Creates the provider named <paramref name="name"/>; the database is created on silo start or first use.</summary>
    /// <exception cref="OrleansConfigurationException"><paramref name="options"/> do not name exactly one usable database file.</exception>
    public SqliteGrainStorage(
        string name,
        SqliteGrainStorageOptions options,
        Serializer serializer,
        IActivatorProvider activatorProvider,
        TimeProvider timeProvider,
        ILogger<SqliteGrainStorage> logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(serializer);
        ArgumentNullException.ThrowIfNull(activatorProvider);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);

        _name = name;
        _database = SqliteStateDatabase.FromOptions(name, options);
        _serializer = new OrleansGrainStorageSerializer(serializer);
        _activatorProvider = activatorProvider;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <inheritdoc />
    public void Participate(ISiloLifecycle lifecycle)
    {
        ArgumentNullException.ThrowIfNull(lifecycle);

        // RuntimeInitialize starts before anything can activate a grain and stops after grains have
        // been deactivated and have written their state.
        lifecycle.Subscribe($"{nameof(SqliteGrainStorage)}-{_name}", ServiceLifecycleStage.RuntimeInitialize, InitializeAsync, CloseAsync);
    }

    /// <inheritdoc />
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ReadStateAsync(stateName, grainId, grainState, CancellationToken.None);

    /// <inheritdoc />
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var key = KeyOf(stateName, grainId);
        try
        {
            await EnsureCreatedAsync(cancellationToken);
            var stored = await _database.ReadAsync(key, cancellationToken);
            if (stored is not { } row)
            {
                ResetToMissing(grainState);
                LogReadMissing(_name, stateName, grainId);
                return;
            }

            grainState.State = _serializer.Deserialize<T>(new BinaryData(row.Payload));
            grainState.ETag = FormatETag(row.ETag);
            grainState.RecordExists = true;
            LogRead(_name, stateName, grainId, grainState.ETag);
        }
        catch (Exception exception) when (IsUnexpected(exception))
        {
            LogOperationFailed(exception, "read", _name, stateName, grainId, grainState.ETag ?? NoETag);
            throw;
        }
    }

    /// <inheritdoc />
    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        WriteStateAsync(stateName, grainId, grainState, CancellationToken.None);

    /// <inheritdoc />
    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var key = KeyOf(stateName, grainId);
        var expected = grainState.ETag;
        try
        {
            await EnsureCreatedAsync(cancellationToken);
            var payload = _serializer.Serialize(grainState.State).ToArray();
            var now = _timeProvider.GetUtcNow();
            long? written;
            if (expected is null)
            {
                written = await _database.TryInsertAsync(key, payload, now, cancellationToken);
            }
            else if (TryParseETag(expected, out var expectedETag))
            {
                written = await _database.TryUpdateAsync(key, expectedETag, payload, now, cancellationToken);
            }
            else
            {
                written = null;
            }

            if (written is not { } newETag)
            {
                throw await ConflictAsync("write", key, grainId, expected, cancellationToken);
            }

            grainState.ETag = FormatETag(newETag);
            grainState.RecordExists = true;
            LogWritten(_name, stateName, grainId, expected ?? NoETag, grainState.ETag);
        }
        catch (Exception exception) when (IsUnexpected(exception))
        {
            LogOperationFailed(exception, "write", _name, stateName, grainId, expected ?? NoETag);
            throw;
        }
    }

    /// <inheritdoc />
    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ClearStateAsync(stateName, grainId, grainState, CancellationToken.None);

    /// <inheritdoc />
    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var key = KeyOf(stateName, grainId);
        var expected = grainState.ETag;
        try
        {
            await EnsureCreatedAsync(cancellationToken);
            bool cleared;
            if (expected is null)
            {
                // The caller saw no record: clearing is a no-op, unless someone has written one since.
                cleared = await _database.ReadETagAsync(key, cancellationToken) is null;
            }
            else
            {
                cleared = TryParseETag(expected, out var expectedETag)
                    && await _database.TryClearAsync(key, expectedETag, _timeProvider.GetUtcNow(), cancellationToken);
            }

            if (!cleared)
            {
                throw await ConflictAsync("clear", key, grainId, expected, cancellationToken);
            }

            ResetToMissing(grainState);
            LogCleared(_name, stateName, grainId, expected ?? NoETag);
        }
        catch (Exception exception) when (IsUnexpected(exception))
        {
            LogOperationFailed(exception, "clear", _name, stateName, grainId, expected ?? NoETag);
            throw;
        }
    }

    /// <summary>Creates the database file, directory and table if missing. Called on silo start; safe to call again.</summary>
    internal async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await _database.EnsureCreatedAsync(cancellationToken);
        _created = true;
        LogReady(_name, _database.DataSource);
    }

    /// <summary>Checkpoints the WAL and releases this file's pooled connections. Called on silo stop.</summary>
    internal async Task CloseAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _database.CloseAsync(cancellationToken);
            LogClosed(_name, _database.DataSource);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Nothing is lost: committed writes are already in the synced WAL and are replayed on next open.
            LogCloseFailed(exception, _name, _database.DataSource);
        }
    }

    private Task EnsureCreatedAsync(CancellationToken cancellationToken) =>
        _created ? Task.CompletedTask : InitializeAsync(cancellationToken);

    private SqliteGrainStateKey KeyOf(string stateName, GrainId grainId)
    {
        ArgumentException.ThrowIfNullOrEmpty(stateName);
        return new SqliteGrainStateKey(_name, stateName, grainId.ToString());
    }

    private void ResetToMissing<T>(IGrainState<T> grainState)
    {
        grainState.State = _activatorProvider.GetActivator<T>().Create();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    private async Task<InconsistentStateException> ConflictAsync(
        string operation, SqliteGrainStateKey key, GrainId grainId, string? expected, CancellationToken cancellationToken)
    {
        var stored = await _database.ReadETagAsync(key, cancellationToken) is { } etag ? FormatETag(etag) : NoETag;
        var current = expected ?? NoETag;
        LogETagConflict(operation, _name, key.StateName, grainId, current, stored);
        return new InconsistentStateException(
            $"ETag mismatch on {operation} of state '{key.StateName}' for grain {grainId} in SQLite grain storage '{_name}': expected {current}, stored {stored}.",
            stored,
            current);
    }

    private static bool IsUnexpected(Exception exception) =>
        exception is not (InconsistentStateException or OperationCanceledException);

    private static string FormatETag(long etag) => etag.ToString(CultureInfo.InvariantCulture);

    // An etag this provider did not issue (e.g. from another provider) can never match.
    private static bool TryParseETag(string etag, out long value) =>
        long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
