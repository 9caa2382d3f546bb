using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Aims.Core.Audit;

/// <summary>
/// The hash chain of the audit log: each record's hash covers its sequence number, its fields and the
/// previous hash, so changing, removing or reordering any record breaks every hash after it.
/// </summary>
public static class AuditChain
{
    /// <summary>The "previous hash" of the first record.</summary>
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>The record that follows the chain's head (<paramref name="lastSequence"/> 0 and <see cref="GenesisHash"/> for an empty log).</summary>
    public static AuditRecord Append(long lastSequence, string lastHash, AuditEntry entry)
    {
        var sequence = lastSequence + 1;
        return new AuditRecord(sequence, entry, lastHash, ComputeHash(sequence, entry, lastHash));
    }

    /// <summary>
    /// The records that follow the chain's head, one per entry and in the entries' order: what a group commit writes
    /// in one batch. The result is the same as appending the entries one at a time.
    /// </summary>
    public static IReadOnlyList<AuditRecord> AppendRange(long lastSequence, string lastHash, IEnumerable<AuditEntry> entries)
    {
        var records = new List<AuditRecord>();
        foreach (var entry in entries)
        {
            var record = Append(lastSequence, lastHash, entry);
            records.Add(record);
            (lastSequence, lastHash) = (record.Sequence, record.Hash);
        }

        return records;
    }

    /// <summary>
    /// The leading run of <paramref name="candidates"/> that continues the chain after its head: each record has the
    /// next sequence number, links to the hash before it and matches its own hash. Records at or before the head are
    /// skipped; the run ends at the first record that does not continue it. This is how a log adopts records that
    /// reached storage before a crash lost the head's update.
    /// </summary>
    public static IReadOnlyList<AuditRecord> Continuation(long lastSequence, string lastHash, IEnumerable<AuditRecord> candidates)
    {
        var run = new List<AuditRecord>();
        foreach (var record in candidates)
        {
            if (record.Sequence <= lastSequence)
                continue;
            if (record.Sequence != lastSequence + 1
                || !string.Equals(record.PreviousHash, lastHash, StringComparison.Ordinal)
                || !string.Equals(ComputeHash(record.Sequence, record.Entry, record.PreviousHash), record.Hash, StringComparison.Ordinal))
                break;
            run.Add(record);
            (lastSequence, lastHash) = (record.Sequence, record.Hash);
        }

        return run;
    }

    public static string ComputeHash(long sequence, AuditEntry entry, string previousHash)
    {
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            // Canonical form: fixed member order, explicit nulls, UTC timestamp with ticks.
            w.WriteStartArray();
            w.WriteNumberValue(sequence);
            w.WriteStringValue(previousHash);
            w.WriteStringValue(entry.Action);
            w.WriteStringValue(entry.Decision.ToString());
            w.WriteStringValue(entry.Timestamp.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            WriteNullable(w, entry.AgentId);
            WriteNullable(w, entry.DelegatedSubject);
            WriteNullable(w, entry.Resource);
            WriteNullable(w, entry.CorrelationId);
            WriteNullable(w, entry.AttestationState);
            WriteNullable(w, entry.Cause);
            WriteNullable(w, entry.Actor);
            WriteNullable(w, entry.Detail);
            w.WriteEndArray();
        }

        return Convert.ToHexStringLower(SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)));
    }

    /// <summary>
    /// Checks records in order against the chain and against the head the log holds (count and last hash),
    /// so a truncated tail is caught as well as an altered or missing record.
    /// </summary>
    public static AuditVerification Verify(IEnumerable<AuditRecord> records, long expectedCount, string expectedHeadHash)
    {
        var previousHash = GenesisHash;
        long expectedSequence = 1;
        foreach (var record in records)
        {
            if (record.Sequence != expectedSequence)
                return AuditVerification.Broken(expectedSequence, $"record {expectedSequence} is missing (found {record.Sequence} in its place)");
            if (!string.Equals(record.PreviousHash, previousHash, StringComparison.Ordinal))
                return AuditVerification.Broken(record.Sequence, $"record {record.Sequence} does not link to the hash of record {record.Sequence - 1}");
            if (!string.Equals(ComputeHash(record.Sequence, record.Entry, record.PreviousHash), record.Hash, StringComparison.Ordinal))
                return AuditVerification.Broken(record.Sequence, $"record {record.Sequence} was modified: its content does not match its hash");

            previousHash = record.Hash;
            expectedSequence++;
        }

        var count = expectedSequence - 1;
        if (count != expectedCount)
            return AuditVerification.Broken(count + 1, $"the log holds {expectedCount} records but only {count} are present");
        if (!string.Equals(previousHash, expectedHeadHash, StringComparison.Ordinal))
            return AuditVerification.Broken(count, "the last record does not match the head hash of the log");

        return AuditVerification.Intact(count, previousHash);
    }

    private static void WriteNullable(Utf8JsonWriter w, string? value)
    {
        if (value is null)
            w.WriteNullValue();
        else
            w.WriteStringValue(value);
    }
}
