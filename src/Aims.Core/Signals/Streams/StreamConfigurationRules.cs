using System.Text.Json;

namespace Aims.Core.Signals.Streams;

/// <summary>
/// Create, update (PATCH) and replace (PUT) of a stream configuration as SSF 1.0 §8.1.1 describes them: the receiver
/// sets <c>events_requested</c>, <c>description</c> and <c>delivery</c>; transmitter-supplied properties sent on an
/// update must equal their current values; <c>events_delivered</c> is always
/// <c>events_supported ∩ events_requested</c>. Errors are texts for a 400 response.
/// </summary>
public static class StreamConfigurationRules
{
    public const int MaxDescriptionLength = 1024;
    public const int MaxRequestedEvents = 64;
    public const int MaxAuthorizationHeaderLength = 4096;

    private static readonly string[] TransmitterSupplied = ["iss", "aud", "events_supported", "events_delivered", "min_verification_interval"];

    /// <summary>A new stream from a create request's body (SSF 1.0 §8.1.1.1); without <c>delivery</c> it is polled.</summary>
    public static StreamOutcome Create(JsonElement body, StreamDefaults defaults)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        if (body.ValueKind != JsonValueKind.Object)
            return StreamOutcome.Fail("the body must be a JSON object with events_requested, delivery and description");

        var draft = new StreamConfiguration(
            defaults.StreamId, defaults.Issuer, defaults.Audience, SecurityEventTypes.Supported, [], [],
            new StreamDelivery(DeliveryMethods.Poll, defaults.PollEndpointUrl, null), null, defaults.MinVerificationInterval);
        return ApplyReceiverFields(draft, body, replace: true, defaults.PollEndpointUrl);
    }

    /// <summary>PATCH (SSF 1.0 §8.1.1.3): receiver fields present are updated, absent ones kept.</summary>
    public static StreamOutcome Update(StreamConfiguration current, JsonElement body, string pollEndpointUrl) =>
        Change(current, body, replace: false, pollEndpointUrl);

    /// <summary>PUT (SSF 1.0 §8.1.1.4): receiver fields absent from the body are removed.</summary>
    public static StreamOutcome Replace(StreamConfiguration current, JsonElement body, string pollEndpointUrl) =>
        Change(current, body, replace: true, pollEndpointUrl);

    private static StreamOutcome Change(StreamConfiguration current, JsonElement body, bool replace, string pollEndpointUrl)
    {
        ArgumentNullException.ThrowIfNull(current);
        if (body.ValueKind != JsonValueKind.Object)
            return StreamOutcome.Fail("the body must be a JSON object");
        if (!body.TryGetProperty("stream_id", out var id) || id.ValueKind != JsonValueKind.String)
            return StreamOutcome.Fail("stream_id is required in an update (SSF 1.0 section 8.1.1.3)");
        if (id.GetString() != current.StreamId)
            return StreamOutcome.Fail($"stream_id '{id.GetString()}' does not name this stream");

        if (TransmitterFieldMismatch(current, body) is { } mismatch)
            return StreamOutcome.Fail(mismatch);
        return ApplyReceiverFields(current, body, replace, pollEndpointUrl);
    }

    private static string? TransmitterFieldMismatch(StreamConfiguration current, JsonElement body)
    {
        foreach (var name in TransmitterSupplied)
        {
            if (!body.TryGetProperty(name, out var value))
                continue;
            var matches = name switch
            {
                "iss" => value.ValueKind == JsonValueKind.String && value.GetString() == current.Issuer,
                "aud" => SameStrings(value, current.Audience, allowSingleString: true),
                "events_supported" => SameStrings(value, current.EventsSupported, allowSingleString: false),
                "events_delivered" => SameStrings(value, current.EventsDelivered, allowSingleString: false),
                _ => value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var seconds) && seconds == current.MinVerificationInterval,
            };
            if (!matches)
                return $"{name} is set by the transmitter and cannot be changed; leave it out or send its current value (SSF 1.0 section 8.1.1.3)";
        }

        return null;
    }

    private static StreamOutcome ApplyReceiverFields(StreamConfiguration stream, JsonElement body, bool replace, string pollEndpointUrl)
    {
        var requested = stream.EventsRequested;
        if (body.TryGetProperty("events_requested", out var events))
        {
            if (!TryReadStrings(events, MaxRequestedEvents, out var list))
                return StreamOutcome.Fail($"events_requested must be an array of at most {MaxRequestedEvents} event type URIs");
            requested = list;
        }
        else if (replace)
        {
            requested = [];
        }

        var description = stream.Description;
        if (body.TryGetProperty("description", out var text))
        {
            if (text.ValueKind != JsonValueKind.String)
                return StreamOutcome.Fail("description must be a string");
            description = Truncate(text.GetString()!);
        }
        else if (replace)
        {
            description = null;
        }

        var delivery = stream.Delivery;
        if (body.TryGetProperty("delivery", out var deliveryElement))
        {
            var (read, error) = ReadDelivery(deliveryElement, pollEndpointUrl);
            if (error is not null)
                return StreamOutcome.Fail(error);
            delivery = read!;
        }
        else if (replace)
        {
            // SSF 1.0 §8.1.1.1: a stream without a delivery method is polled.
            delivery = new StreamDelivery(DeliveryMethods.Poll, pollEndpointUrl, null);
        }

        // A transmitter ignores requested types it does not understand (SSF 1.0 §8.1.1).
        var delivered = stream.EventsSupported.Where(t => requested.Contains(t, StringComparer.Ordinal)).ToArray();
        return new StreamOutcome(stream with { EventsRequested = requested, EventsDelivered = delivered, Delivery = delivery, Description = description }, null);
    }

    private static (StreamDelivery? Delivery, string? Error) ReadDelivery(JsonElement element, string pollEndpointUrl)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty("method", out var method) || method.ValueKind != JsonValueKind.String)
            return (null, "delivery must be an object with a method (SSF 1.0 section 8.1.1)");

        switch (method.GetString())
        {
            case DeliveryMethods.Poll:
                // The poll endpoint is the transmitter's to choose (RFC 8936, SSF 1.0 §8.1.1.2).
                return (new StreamDelivery(DeliveryMethods.Poll, pollEndpointUrl, null), null);
            case DeliveryMethods.Push:
                if (!element.TryGetProperty("endpoint_url", out var url) || url.ValueKind != JsonValueKind.String)
                    return (null, "push delivery needs endpoint_url, the receiver's RFC 8935 endpoint");
                if (PushEndpointProblem(url.GetString()!) is { } problem)
                    return (null, problem);
                string? authorization = null;
                if (element.TryGetProperty("authorization_header", out var header))
                {
                    if (header.ValueKind != JsonValueKind.String || header.GetString()!.Length > MaxAuthorizationHeaderLength
                        || header.GetString()!.Any(c => c is '\r' or '\n'))
                        return (null, $"authorization_header must be a single-line string of at most {MaxAuthorizationHeaderLength} characters");
                    authorization = header.GetString();
                }

                return (new StreamDelivery(DeliveryMethods.Push, url.GetString()!, authorization), null);
            default:
                return (null, $"delivery method '{method.GetString()}' is not supported; use {DeliveryMethods.Push} (push) or {DeliveryMethods.Poll} (poll)");
        }
    }

    /// <summary>RFC 8935 §1 pushes over TLS; plain http is allowed only to loopback, for receivers on the same host.</summary>
    public static string? PushEndpointProblem(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || !string.IsNullOrEmpty(uri.Fragment) || !string.IsNullOrEmpty(uri.UserInfo))
            return "endpoint_url must be an absolute URL without user info or fragment";
        if (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback))
            return null;
        return "endpoint_url must use https (RFC 8935 section 1); http is allowed only for a loopback receiver";
    }

    private static bool SameStrings(JsonElement value, IReadOnlyList<string> expected, bool allowSingleString)
    {
        if (allowSingleString && value.ValueKind == JsonValueKind.String)
            return expected.Count == 1 && expected[0] == value.GetString();
        return TryReadStrings(value, 1024, out var list) && list.Order(StringComparer.Ordinal).SequenceEqual(expected.Order(StringComparer.Ordinal), StringComparer.Ordinal);
    }

    private static bool TryReadStrings(JsonElement value, int max, out IReadOnlyList<string> list)
    {
        list = [];
        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() > max)
            return false;
        var items = new List<string>();
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(item.GetString()) || item.GetString()!.Length > 512)
                return false;
            items.Add(item.GetString()!);
        }

        list = items.Distinct(StringComparer.Ordinal).ToArray();
        return true;
    }

    private static string Truncate(string description) =>
        description.Length <= MaxDescriptionLength ? description : description[..MaxDescriptionLength];
}
