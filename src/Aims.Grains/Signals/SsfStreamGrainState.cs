namespace Aims.Grains.Signals;

[GenerateSerializer, Alias("aims.SsfStreamGrainState")]
public sealed class SsfStreamGrainState
{
    /// <summary>The receiver (client_id) that owns the stream; null when the stream does not exist.</summary>
    [Id(0)] public string? Owner { get; set; }

    [Id(1)] public StreamConfigurationRecord? Configuration { get; set; }

    [Id(2)] public Core.Signals.Streams.StreamStatus Status { get; set; } = Core.Signals.Streams.StreamStatus.Enabled;

    [Id(3)] public string? Reason { get; set; }

    /// <summary>Subjects the receiver removed (SSF 1.0 §8.1.3), as subject identifier JSON.</summary>
    [Id(4)] public List<string> RemovedSubjects { get; set; } = [];

    [Id(5)] public List<PendingSetRecord> Pending { get; set; } = [];

    [Id(6)] public DateTimeOffset? LastVerificationAt { get; set; }

    /// <summary>SETs dropped because the queue was full, or refused by the receiver as invalid.</summary>
    [Id(7)] public long Dropped { get; set; }

    [Id(8)] public string? LastDeliveryError { get; set; }
}
