using Aims.Core.Transactions;

namespace Aims.Core.Tests.Transactions;

public sealed class ContextObjectTests
{
    [Theory]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData("""{ "action" : "BUY", "n": [1, 2] }""", """{"action":"BUY","n":[1,2]}""")]
    [InlineData("""{"url":"https://a.example/x?y=<z>"}""", """{"url":"https://a.example/x?y=<z>"}""")]
    public void TryNormalize_Object_IsCompacted(string? json, string? expected)
    {
        Assert.True(ContextObject.TryNormalize(json, "request_details", out var normalized, out var error), error);
        Assert.Equal(expected, normalized);
    }

    [Theory]
    [InlineData("\"BUY\"", "a JSON object")]
    [InlineData("[]", "a JSON object")]
    [InlineData("""{"a":1,"a":2}""", "repeated")]
    [InlineData("""{"a":{"b":{"c":{"d":{}}}}}""", "nested")]
    [InlineData("{", "JSON object")]
    public void TryNormalize_NotAnAcceptableObject_SaysWhy(string json, string reason)
    {
        Assert.False(ContextObject.TryNormalize(json, "request_details", out _, out var error));
        Assert.Contains("request_details", error, StringComparison.Ordinal);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryNormalize_TooLarge_IsRefused()
    {
        var json = "{\"a\":\"" + new string('x', TxnTokenConstants.Limits.MaxContextBytes) + "\"}";

        Assert.False(ContextObject.TryNormalize(json, "request_details", out _, out var error));
        Assert.Contains("larger", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryExtend_SameValueAgain_IsAccepted()
    {
        Assert.True(ContextObject.TryExtend("""{"a":{"b":1}}""", """{"a":{"b":1},"c":true}""", "tctx", out var merged, out _));
        Assert.Equal("""{"a":{"b":1},"c":true}""", merged);
    }

    [Fact]
    public void TryExtend_NoOriginal_TakesTheAdditions()
    {
        Assert.True(ContextObject.TryExtend(null, """{"c":true}""", "tctx", out var merged, out _));
        Assert.Equal("""{"c":true}""", merged);
    }

    [Fact]
    public void RequesterContext_SetsAuthnAndChecksTheIp()
    {
        Assert.True(RequesterContext.TryBuild("""{"req_ip":"69.151.72.123","authn":"face"}""", TxnTokenConstants.OAuthAuthentication, out var rctx, out _));
        Assert.Equal("""{"req_ip":"69.151.72.123","authn":"urn:ietf:rfc:6749"}""", rctx);

        Assert.False(RequesterContext.TryBuild("""{"req_ip":"not an ip"}""", TxnTokenConstants.OAuthAuthentication, out _, out var error));
        Assert.Contains("req_ip", error, StringComparison.Ordinal);
    }
}
