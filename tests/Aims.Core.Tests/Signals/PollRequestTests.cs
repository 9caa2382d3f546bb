using System.Text.Json;
using Aims.Core.Signals.Streams;

namespace Aims.Core.Tests.Signals;

public sealed class PollRequestTests
{
    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement;

    [Fact]
    public void An_empty_poll_is_a_long_poll_for_as_many_as_allowed()
    {
        Assert.True(PollRequest.TryParse(Json("{}"), out var request, out _));

        Assert.Equal(PollRequest.MaxEventsCap, request.MaxEvents);
        Assert.False(request.ReturnImmediately);
        Assert.Empty(request.Ack);
        Assert.Empty(request.SetErrors);
    }

    [Fact]
    public void Reads_acks_errors_and_limits_as_rfc_8936_shows_them()
    {
        Assert.True(PollRequest.TryParse(Json("""
            {"ack":["a","b"],"setErrs":{"c":{"err":"authentication_failed","description":"bad"}},"maxEvents":0,"returnImmediately":true}
            """), out var request, out var error), error);

        Assert.Equal(["a", "b"], request.Ack);
        Assert.Equal("authentication_failed", request.SetErrors["c"].Err);
        Assert.Equal("bad", request.SetErrors["c"].Description);
        Assert.Equal(0, request.MaxEvents);
        Assert.True(request.ReturnImmediately);
    }

    [Fact]
    public void Caps_max_events()
    {
        Assert.True(PollRequest.TryParse(Json("""{"maxEvents":100000}"""), out var request, out _));

        Assert.Equal(PollRequest.MaxEventsCap, request.MaxEvents);
    }

    [Theory]
    [InlineData("[]", "JSON object")]
    [InlineData("""{"maxEvents":-1}""", "maxEvents")]
    [InlineData("""{"maxEvents":"5"}""", "maxEvents")]
    [InlineData("""{"returnImmediately":"yes"}""", "returnImmediately")]
    [InlineData("""{"ack":"a"}""", "ack")]
    [InlineData("""{"ack":[1]}""", "ack")]
    [InlineData("""{"setErrs":[]}""", "setErrs")]
    [InlineData("""{"setErrs":{"a":{"description":"x"}}}""", "err")]
    public void Refuses_malformed_polls(string json, string expected)
    {
        Assert.False(PollRequest.TryParse(Json(json), out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }
}
