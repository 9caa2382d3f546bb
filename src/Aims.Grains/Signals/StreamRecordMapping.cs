using System.Text;
using Aims.Core.Authority;
using Aims.Core.Signals.Streams;

namespace Aims.Grains.Signals;

/// <summary>Between Core's stream types and their stored records; the push authorization header is sealed with the KEK.</summary>
internal static class StreamRecordMapping
{
    public static StreamConfiguration ToCore(this StreamConfigurationRecord record, KeyProtector protector) => new(
        record.StreamId, record.Issuer, record.Audience, record.EventsSupported, record.EventsRequested, record.EventsDelivered,
        new StreamDelivery(record.DeliveryMethod, record.EndpointUrl, Unseal(record, protector)), record.Description, record.MinVerificationInterval);

    public static StreamConfigurationRecord ToRecord(this StreamConfiguration stream, KeyProtector protector) => new(
        stream.StreamId, stream.Issuer, [.. stream.Audience], [.. stream.EventsSupported], [.. stream.EventsRequested], [.. stream.EventsDelivered],
        stream.Delivery.Method, stream.Delivery.EndpointUrl,
        stream.Delivery.AuthorizationHeader is { } header ? protector.Protect(Encoding.UTF8.GetBytes(header), AssociatedData(stream.StreamId)) : null,
        stream.Description, stream.MinVerificationInterval);

    public static PendingSet ToCore(this PendingSetRecord record) => new(record.Jti, record.Token, record.EnqueuedAt, record.Attempts, record.NextAttemptAt);

    public static PendingSetRecord ToRecord(this PendingSet pending) => new(pending.Jti, pending.Token, pending.EnqueuedAt, pending.Attempts, pending.NextAttemptAt);

    private static string? Unseal(StreamConfigurationRecord record, KeyProtector protector) =>
        record.ProtectedAuthorizationHeader is { } sealedHeader
            ? Encoding.UTF8.GetString(protector.Unprotect(sealedHeader, AssociatedData(record.StreamId)))
            : null;

    private static string AssociatedData(string streamId) => "ssf-push-authorization/" + streamId;
}
