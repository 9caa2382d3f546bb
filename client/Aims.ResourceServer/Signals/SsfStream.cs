using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Aims.Core.Signals.Streams;

namespace Aims.ResourceServer.Signals;

/// <summary>
/// The parts of the fabric's stream configuration (SSF 1.0 §8.1.1) a receiver acts on: which stream, for which
/// audience its SETs are, how they are delivered, and which requested events the fabric will actually deliver.
/// </summary>
internal sealed record SsfStream(string StreamId, IReadOnlyList<string> Audience, string DeliveryMethod, string EndpointUrl, IReadOnlyList<string> EventsDelivered)
{
    /// <summary>
    /// Reads and checks a configuration: <c>iss</c> is the fabric (SSF 1.0 §8.1.1.1: the receiver MUST check it),
    /// <c>aud</c> is present (and names <paramref name="receiverId"/> when given), and a poll endpoint is on the
    /// fabric's own origin, since our SSF token will be sent to it.
    /// </summary>
    public static bool TryRead(JsonElement json, string issuer, string? receiverId, [NotNullWhen(true)] out SsfStream? stream, [NotNullWhen(false)] out string? error)
    {
        stream = null;
        if (json.ValueKind != JsonValueKind.Object)
            return Fail("the stream configuration is not a JSON object", out error);
        if (StringOf(json, "stream_id") is not { Length: > 0 } streamId)
            return Fail("the stream configuration has no stream_id (SSF 1.0 section 8.1.1)", out error);
        if (StringOf(json, "iss") != issuer)
            return Fail($"stream {streamId} has iss '{StringOf(json, "iss")}', not the fabric's issuer '{issuer}' (SSF 1.0 section 8.1.1.1)", out error);

        var audience = AudienceOf(json);
        if (audience.Count == 0)
            return Fail($"stream {streamId} has no aud (SSF 1.0 section 8.1.1)", out error);
        if (receiverId is not null && !audience.Contains(receiverId, StringComparer.Ordinal))
            return Fail($"stream {streamId} is for [{string.Join(", ", audience)}], not for this receiver {receiverId}", out error);

        if (!json.TryGetProperty("delivery", out var delivery) || delivery.ValueKind != JsonValueKind.Object
            || StringOf(delivery, "method") is not { } method || StringOf(delivery, "endpoint_url") is not { } endpoint)
            return Fail($"stream {streamId} has no delivery method and endpoint_url (SSF 1.0 section 8.1.1)", out error);
        if (method == DeliveryMethods.Poll && !FabricUrls.IsSameOrigin(endpoint, issuer))
            return Fail($"stream {streamId} would be polled at {endpoint}, outside the fabric's origin {issuer}; our SSF token is only sent to the fabric", out error);

        var delivered = new List<string>();
        if (json.TryGetProperty("events_delivered", out var events) && events.ValueKind == JsonValueKind.Array)
            delivered.AddRange(events.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!));

        stream = new SsfStream(streamId, audience, method, endpoint, delivered);
        error = null;
        return true;
    }

    private static List<string> AudienceOf(JsonElement json)
    {
        if (!json.TryGetProperty("aud", out var aud))
            return [];
        if (aud.ValueKind == JsonValueKind.String)
            return aud.GetString() is { Length: > 0 } one ? [one] : [];
        return aud.ValueKind == JsonValueKind.Array
            ? [.. aud.EnumerateArray().Where(a => a.ValueKind == JsonValueKind.String && a.GetString()!.Length > 0).Select(a => a.GetString()!)]
            : [];
    }

    private static string? StringOf(JsonElement json, string name) =>
        json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static bool Fail(string message, out string error)
    {
        error = message;
        return false;
    }
}
