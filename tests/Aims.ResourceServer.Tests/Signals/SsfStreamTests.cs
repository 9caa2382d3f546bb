using System.Text.Json;
using Aims.ResourceServer.Signals;

namespace Aims.ResourceServer.Tests.Signals;

public sealed class SsfStreamTests
{
    private const string Issuer = "https://fabric.test";
    private const string Receiver = "spiffe://aims.local/tools/reports";

    [Fact]
    public void TryRead_FabricsPollStream_ReadsIt()
    {
        var ok = SsfStream.TryRead(Json(), Issuer, Receiver, out var stream, out var error);

        Assert.True(ok, error);
        Assert.Equal("s1", stream!.StreamId);
        Assert.Equal([Receiver], stream.Audience);
        Assert.Equal("urn:ietf:rfc:8936", stream.DeliveryMethod);
        Assert.Equal(Issuer + "/ssf/poll?stream_id=s1", stream.EndpointUrl);
    }

    [Theory]
    [InlineData("iss", "\"https://evil.test\"", "iss")]
    [InlineData("aud", "\"spiffe://aims.local/tools/other\"", "not for this receiver")]
    [InlineData("aud", "[]", "no aud")]
    [InlineData("stream_id", "\"\"", "stream_id")]
    [InlineData("delivery", """{"method":"urn:ietf:rfc:8936","endpoint_url":"https://elsewhere.test/poll"}""", "outside the fabric's origin")]
    [InlineData("delivery", """{"method":"urn:ietf:rfc:8936"}""", "endpoint_url")]
    public void TryRead_StreamThisReceiverMustNotUse_IsRefused(string member, string value, string expected)
    {
        var ok = SsfStream.TryRead(Json((member, value)), Issuer, Receiver, out _, out var error);

        Assert.False(ok);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    private static JsonElement Json(params (string Member, string Value)[] overrides)
    {
        var members = new Dictionary<string, string>
        {
            ["stream_id"] = "\"s1\"",
            ["iss"] = $"\"{Issuer}\"",
            ["aud"] = $"\"{Receiver}\"",
            ["delivery"] = $$"""{"method":"urn:ietf:rfc:8936","endpoint_url":"{{Issuer}}/ssf/poll?stream_id=s1"}""",
            ["events_delivered"] = "[]",
        };
        foreach (var (member, value) in overrides)
            members[member] = value;
        return JsonDocument.Parse("{" + string.Join(',', members.Select(m => $"\"{m.Key}\":{m.Value}")) + "}").RootElement.Clone();
    }
}
