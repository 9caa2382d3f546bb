using System.Text.Json;

namespace Aims.Core.Signals.Streams;

/// <summary>The wire form of a stream configuration (SSF 1.0 §8.1.1); empty optional lists are left out.</summary>
public static class StreamConfigurationJson
{
    public static void Write(Utf8JsonWriter json, StreamConfiguration stream)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(stream);
        json.WriteStartObject();
        json.WriteString("stream_id", stream.StreamId);
        json.WriteString("iss", stream.Issuer);
        if (stream.Audience.Count == 1)
            json.WriteString("aud", stream.Audience[0]);
        else
            WriteList(json, "aud", stream.Audience);
        WriteList(json, "events_supported", stream.EventsSupported);
        WriteList(json, "events_requested", stream.EventsRequested);
        // events_delivered is REQUIRED (SSF 1.0 §8.1.1), so it is written even when empty.
        json.WriteStartArray("events_delivered");
        foreach (var type in stream.EventsDelivered)
            json.WriteStringValue(type);
        json.WriteEndArray();
        json.WriteStartObject("delivery");
        json.WriteString("method", stream.Delivery.Method);
        json.WriteString("endpoint_url", stream.Delivery.EndpointUrl);
        // authorization_header is the receiver's secret for its own endpoint: never echoed back.
        json.WriteEndObject();
        if (stream.Description is not null)
            json.WriteString("description", stream.Description);
        if (stream.MinVerificationInterval > 0)
            json.WriteNumber("min_verification_interval", stream.MinVerificationInterval);
        json.WriteEndObject();
    }

    private static void WriteList(Utf8JsonWriter json, string name, IReadOnlyList<string> values)
    {
        if (values.Count == 0)
            return;
        json.WriteStartArray(name);
        foreach (var value in values)
            json.WriteStringValue(value);
        json.WriteEndArray();
    }
}
