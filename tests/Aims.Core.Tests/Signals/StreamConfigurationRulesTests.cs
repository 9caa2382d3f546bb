using System.Text.Json;
using Aims.Core.Signals;
using Aims.Core.Signals.Streams;

namespace Aims.Core.Tests.Signals;

public sealed class StreamConfigurationRulesTests
{
    private const string PollUrl = "https://aims.example.org/ssf/poll/s1";
    private static readonly StreamDefaults Defaults = new("s1", "https://aims.example.org", ["https://receiver.example.org"], PollUrl, 30);

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement;

    private static StreamConfiguration Created(string body)
    {
        var outcome = StreamConfigurationRules.Create(Json(body), Defaults);
        Assert.Null(outcome.Error);
        return outcome.Stream!;
    }

    [Fact]
    public void A_stream_without_delivery_is_polled_at_the_transmitters_url()
    {
        var stream = Created("{}");

        Assert.Equal(DeliveryMethods.Poll, stream.Delivery.Method);
        Assert.Equal(PollUrl, stream.Delivery.EndpointUrl);
        Assert.Empty(stream.EventsDelivered);
        Assert.Equal(SecurityEventTypes.Supported, stream.EventsSupported);
    }

    [Fact]
    public void Events_delivered_are_the_supported_ones_that_were_requested()
    {
        var stream = Created($$"""{"events_requested":["{{SecurityEventTypes.SessionRevoked}}","urn:unknown:event"]}""");

        Assert.Equal([SecurityEventTypes.SessionRevoked], stream.EventsDelivered);
        Assert.True(stream.Delivers(SecurityEventTypes.SessionRevoked));
        Assert.False(stream.Delivers(SecurityEventTypes.CredentialCompromise));
        Assert.True(stream.Delivers(SecurityEventTypes.Verification));
    }

    [Fact]
    public void A_push_stream_keeps_the_receivers_endpoint_and_authorization_but_never_echoes_the_latter()
    {
        var stream = Created("""{"delivery":{"method":"urn:ietf:rfc:8935","endpoint_url":"https://receiver.example.org/events","authorization_header":"Bearer abc"},"description":"d"}""");

        Assert.True(stream.Delivery.IsPush);
        Assert.Equal("Bearer abc", stream.Delivery.AuthorizationHeader);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
            StreamConfigurationJson.Write(writer, stream);
        var json = System.Text.Encoding.UTF8.GetString(buffer.ToArray());
        Assert.DoesNotContain("Bearer abc", json, StringComparison.Ordinal);
        Assert.Contains("\"events_delivered\":[]", json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"delivery":{"method":"urn:ietf:rfc:8935","endpoint_url":"http://receiver.example.org/events"}}""", "https")]
    [InlineData("""{"delivery":{"method":"urn:ietf:rfc:8935"}}""", "endpoint_url")]
    [InlineData("""{"delivery":{"method":"urn:example:webhook","endpoint_url":"https://r.example.org"}}""", "not supported")]
    [InlineData("""{"delivery":{"method":"urn:ietf:rfc:8935","endpoint_url":"https://r.example.org","authorization_header":"a\r\nb"}}""", "single-line")]
    [InlineData("""{"events_requested":"all"}""", "events_requested")]
    [InlineData("""{"description":5}""", "description")]
    [InlineData("[]", "JSON object")]
    public void Refuses_bad_receiver_fields(string body, string expected)
    {
        var outcome = StreamConfigurationRules.Create(Json(body), Defaults);

        Assert.Null(outcome.Stream);
        Assert.Contains(expected, outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Http_push_is_allowed_to_a_loopback_receiver()
    {
        var stream = Created("""{"delivery":{"method":"urn:ietf:rfc:8935","endpoint_url":"http://127.0.0.1:9000/events"}}""");

        Assert.Equal("http://127.0.0.1:9000/events", stream.Delivery.EndpointUrl);
    }

    [Fact]
    public void Patch_changes_only_the_fields_sent_and_replace_removes_the_others()
    {
        var stream = Created($$"""{"events_requested":["{{SecurityEventTypes.SessionRevoked}}"],"description":"first"}""");

        var patched = StreamConfigurationRules.Update(stream, Json("""{"stream_id":"s1","description":"second"}"""), PollUrl).Stream!;
        Assert.Equal("second", patched.Description);
        Assert.Equal([SecurityEventTypes.SessionRevoked], patched.EventsDelivered);

        var replaced = StreamConfigurationRules.Replace(patched, Json("""{"stream_id":"s1","events_requested":[]}"""), PollUrl).Stream!;
        Assert.Null(replaced.Description);
        Assert.Empty(replaced.EventsDelivered);
    }

    [Theory]
    [InlineData("""{"description":"x"}""", "stream_id is required")]
    [InlineData("""{"stream_id":"s2"}""", "does not name this stream")]
    [InlineData("""{"stream_id":"s1","iss":"https://evil.example.org"}""", "iss is set by the transmitter")]
    [InlineData("""{"stream_id":"s1","aud":["https://x.example.org"]}""", "aud is set by the transmitter")]
    [InlineData("""{"stream_id":"s1","events_delivered":["urn:x"]}""", "events_delivered is set by the transmitter")]
    public void Updates_must_name_the_stream_and_keep_transmitter_fields(string body, string expected)
    {
        var stream = Created("{}");

        var outcome = StreamConfigurationRules.Update(stream, Json(body), PollUrl);

        Assert.Contains(expected, outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Transmitter_fields_sent_with_their_current_values_are_accepted()
    {
        var stream = Created("{}");

        var outcome = StreamConfigurationRules.Update(stream, Json("""{"stream_id":"s1","iss":"https://aims.example.org","aud":"https://receiver.example.org","events_delivered":[]}"""), PollUrl);

        Assert.Null(outcome.Error);
    }
}
