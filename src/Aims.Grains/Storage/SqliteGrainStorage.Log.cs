using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace Aims.Grains.Storage;

// Payloads may hold encrypted key material: log the provider, state name, grain id and etag only.
public sealed partial class SqliteGrainStorage
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "SQLite grain storage {ProviderName} ready at {DataSource} (WAL, synchronous=FULL)")]
    private partial void LogReady(string providerName, string dataSource);

    [LoggerMessage(EventId = 2, Level = LogLevel.Trace,
        Message = "Read {StateName} of {GrainId} from {ProviderName}: no record")]
    private partial void LogReadMissing(string providerName, string stateName, GrainId grainId);

    [LoggerMessage(EventId = 3, Level = LogLevel.Trace,
        Message = "Read {StateName} of {GrainId} from {ProviderName}: etag {ETag}")]
    private partial void LogRead(string providerName, string stateName, GrainId grainId, string eTag);

    [LoggerMessage(EventId = 4, Level = LogLevel.Trace,
        Message = "Wrote {StateName} of {GrainId} to {ProviderName}: etag {PreviousETag} -> {ETag}")]
    private partial void LogWritten(string providerName, string stateName, GrainId grainId, string previousETag, string eTag);

    [LoggerMessage(EventId = 5, Level = LogLevel.Trace,
        Message = "Cleared {StateName} of {GrainId} in {ProviderName} at etag {ETag}")]
    private partial void LogCleared(string providerName, string stateName, GrainId grainId, string eTag);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning,
        Message = "ETag conflict on {Operation} of {StateName} of {GrainId} in {ProviderName}: expected {ExpectedETag}, stored {StoredETag}")]
    private partial void LogETagConflict(string operation, string providerName, string stateName, GrainId grainId, string expectedETag, string storedETag);

    [LoggerMessage(EventId = 7, Level = LogLevel.Error,
        Message = "SQLite grain storage {ProviderName} failed to {Operation} {StateName} of {GrainId} at etag {ETag}")]
    private partial void LogOperationFailed(Exception exception, string operation, string providerName, string stateName, GrainId grainId, string eTag);

    [LoggerMessage(EventId = 8, Level = LogLevel.Information,
        Message = "SQLite grain storage {ProviderName} checkpointed and closed {DataSource}")]
    private partial void LogClosed(string providerName, string dataSource);

    [LoggerMessage(EventId = 9, Level = LogLevel.Warning,
        Message = "SQLite grain storage {ProviderName} could not checkpoint {DataSource} on close; the WAL is replayed on next open")]
    private partial void LogCloseFailed(Exception exception, string providerName, string dataSource);
}
