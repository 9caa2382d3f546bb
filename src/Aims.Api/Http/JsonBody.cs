using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Aims.Api.Http;

/// <summary>Reads a bounded JSON request body; every failure becomes a problem that says what was wrong.</summary>
public static class JsonBody
{
    public const int DefaultMaxBytes = 64 * 1024;

    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpRequest request, int maxBytes = DefaultMaxBytes, bool allowEmpty = false)
        where T : class
    {
        if (request.ContentLength > maxBytes)
            return (null, Problems.TooLarge($"the request body is larger than {maxBytes} bytes"));
        if (request.ContentLength is 0 or null && allowEmpty && !request.Headers.ContainsKey("Transfer-Encoding"))
            return (null, null);
        if (request.ContentType is not { } type || !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
            return (null, Problems.UnsupportedMediaType("send the request body as application/json"));

        var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > maxBytes)
                return (null, Problems.TooLarge($"the request body is larger than {maxBytes} bytes"));
            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
            return allowEmpty ? (null, null) : (null, Problems.BadRequest("the request body is empty; send a JSON object"));

        try
        {
            var value = JsonSerializer.Deserialize<T>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), AimsJson.Options);
            return value is null ? (null, Problems.BadRequest("the request body must be a JSON object, not null")) : (value, null);
        }
        catch (JsonException e)
        {
            return (null, Problems.BadRequest($"the request body is not valid for this endpoint: {Describe(e)}"));
        }
    }

    private static string Describe(JsonException e)
    {
        // "The JSON property 'x' could not be mapped to any .NET member contained in type '…'." names our types.
        var unmapped = System.Text.RegularExpressions.Regex.Match(e.Message, "^The JSON property '([^']*)' could not be mapped");
        if (unmapped.Success)
            return $"unknown member '{unmapped.Groups[1].Value}'" + (e.Path is null ? string.Empty : $" (at {e.Path})");

        var message = e.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        var core = cut > 0 ? message[..cut] : message;
        return e.Path is null ? core : $"{core} (at {e.Path})";
    }
}
