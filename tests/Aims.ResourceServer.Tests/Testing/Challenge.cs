using System.Net;
using System.Text.Json;

namespace Aims.ResourceServer.Tests.Testing;

/// <summary>Reads RFC 6750 §3 answers: the status, the Bearer challenge's attributes and the JSON error body.</summary>
internal static class Challenge
{
    /// <summary>Asserts the status and a Bearer challenge with this error; returns the challenge's attributes.</summary>
    public static async Task<Dictionary<string, string>> AssertAsync(HttpResponseMessage response, HttpStatusCode status, string? error)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        var header = Assert.Single(response.Headers.WwwAuthenticate);
        Assert.Equal("Bearer", header.Scheme);
        var attributes = Attributes(header.Parameter ?? string.Empty);
        if (error is null)
        {
            Assert.False(attributes.ContainsKey("error"), "a challenge without a token carries no error code (RFC 6750 section 3.1)");
            return attributes;
        }

        Assert.Equal(error, attributes["error"]);
        Assert.False(string.IsNullOrWhiteSpace(attributes["error_description"]));
        using var json = JsonDocument.Parse(body);
        Assert.Equal(error, json.RootElement.GetProperty("error").GetString());
        return attributes;
    }

    /// <summary>Splits <c>a="x", b="y"</c>; values never hold a quote (RFC 6749 §5.2 character set).</summary>
    public static Dictionary<string, string> Attributes(string parameter)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        var rest = parameter.AsSpan();
        while (rest.Length > 0)
        {
            var equals = rest.IndexOf('=');
            var name = rest[..equals].Trim(", ").ToString();
            rest = rest[(equals + 2)..];
            var close = rest.IndexOf('"');
            attributes[name] = rest[..close].ToString();
            rest = rest[(close + 1)..];
        }

        return attributes;
    }
}
