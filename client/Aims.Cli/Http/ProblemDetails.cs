using System.Net;
using System.Text.Json;

namespace Aims.Cli.Http;

/// <summary>Turns an error response into the one line an operator needs to read.</summary>
internal static class ProblemDetails
{
    private const int MaxPlainTextLength = 400;

    /// <summary>
    /// RFC 9457 <c>detail</c>, else its <c>title</c>, else the OAuth <c>error</c> code with its <c>error_description</c>
    /// (RFC 6749 §5.2), else a short plain-text body, else the status reason.
    /// </summary>
    public static string Describe(HttpStatusCode status, string? reasonPhrase, string body)
    {
        if (TryReadJson(body) is { } fromJson)
            return fromJson;

        var text = body.Trim();
        if (text.Length is > 0 and <= MaxPlainTextLength && !text.StartsWith('<') && !text.Contains('\n', StringComparison.Ordinal))
            return text;

        return string.IsNullOrEmpty(reasonPhrase) ? status.ToString() : reasonPhrase;
    }

    private static string? TryReadJson(string body)
    {
        if (body.Length == 0)
            return null;
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return null;
            return StringProperty(root, "detail")
                ?? StringProperty(root, "title")
                ?? OAuthError(root);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The code tells a script what failed (<c>invalid_grant</c>), the description tells a person what to fix.</summary>
    private static string? OAuthError(JsonElement root)
    {
        var error = StringProperty(root, "error");
        var description = StringProperty(root, "error_description");
        return error is not null && description is not null ? $"{error}: {description}" : description ?? error;
    }

    private static string? StringProperty(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : null;
}
