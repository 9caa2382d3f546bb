namespace Aims.Core.Signals.Streams;

/// <summary>What the transmitter supplies to a new stream (SSF 1.0 §8.1.1).</summary>
/// <param name="PollEndpointUrl">The poll URL of this stream (RFC 8936), unique per stream.</param>
public sealed record StreamDefaults(string StreamId, string Issuer, IReadOnlyList<string> Audience, string PollEndpointUrl, int MinVerificationInterval)
{
    /// <summary>The RFC 8936 poll endpoint of a stream of <paramref name="issuer"/>: <c>/ssf/poll?stream_id=…</c>, unique per stream.</summary>
    public static string PollUrl(string issuer, string streamId)
    {
        ArgumentException.ThrowIfNullOrEmpty(issuer);
        ArgumentException.ThrowIfNullOrEmpty(streamId);
        return $"{issuer.TrimEnd('/')}/ssf/poll?stream_id={Uri.EscapeDataString(streamId)}";
    }
}
