using Microsoft.Extensions.Logging;

namespace Aims.Grains.Audit;

/// <summary>
/// The stored head of an audit log (<see cref="AuditLogGrainState"/>), kept as a checkpoint of the head the log holds
/// in memory. Records are durable once their batch row is: the checkpoint only bounds how far a fresh activation has
/// to look for rows to adopt, and is what verification holds a stored tail against after a restart.
/// </summary>
/// <remarks>
/// Written when the log's write queue goes idle after a batch, when a segment fills, and under continuous load at
/// least every <see cref="MaxBatchesBehind"/> batches. Its caller serializes the writes (they run between batch
/// writes, never two at once) and a write never moves the stored head back. A failed write is logged and leaves the
/// checkpoint stale: storage may or may not hold it and its etag is unknown, so the next write reads the stored head
/// first.
/// </remarks>
internal sealed partial class AuditHeadCheckpoint(IPersistentState<AuditLogGrainState> state, ILogger logger, string logKey)
{
    /// <summary>Under continuous load the stored head lags the log by at most this many batches.</summary>
    internal const int MaxBatchesBehind = 16;

    private int _batchesBehind;

    /// <summary>Set when a write failed: what storage holds, and its etag, must be read again before the next write.</summary>
    private bool _stale;

    /// <summary>The stored head as last read or written; the log reads it as it activates.</summary>
    public AuditLogHead Stored => AuditLogHead.Of(state.State);

    /// <summary>Counts one batch made durable past the stored head.</summary>
    public void BatchWritten() => _batchesBehind++;

    /// <summary>Whether <paramref name="head"/> should be stored now, after a batch.</summary>
    /// <param name="head">The log's head in memory.</param>
    /// <param name="queueIdle">No appends are waiting for a write.</param>
    /// <param name="segmentFilled">The batch filled a segment.</param>
    public bool IsDue(AuditLogHead head, bool queueIdle, bool segmentFilled) =>
        (_stale || head.Count > state.State.Count) && (queueIdle || segmentFilled || _batchesBehind >= MaxBatchesBehind);

    /// <summary>
    /// Stores <paramref name="head"/> unless storage already holds it or a head past it. Never throws: a failure is
    /// logged and the next call retries.
    /// </summary>
    /// <returns>False when storage holds a head past <paramref name="head"/>: another writer went on, so the log must reload its tail.</returns>
    public async Task<bool> WriteAsync(AuditLogHead head)
    {
        try
        {
            if (_stale)
            {
                await state.ReadStateAsync();
                _stale = false;
            }

            if (state.State.Count >= head.Count)
            {
                _batchesBehind = 0;
                return state.State.Count == head.Count;
            }

            state.State.Count = head.Count;
            state.State.HeadHash = head.Hash;
            state.State.HeadTimestamp = head.Timestamp;
            await state.WriteStateAsync();
            _batchesBehind = 0;
        }
        catch (Exception e)
        {
            _stale = true;
            LogWriteFailed(logger, e, logKey, head.Count);
        }

        return true;
    }

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning,
        Message = "Audit log {Log}: the head checkpoint at record {Count} could not be stored; the records are durable in their batch rows and the next checkpoint retries")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, string log, long count);
}
