using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Aims.Cli.Output;

/// <summary>JSON as text: pretty-printed documents for <c>--json</c>, and single values for human output.</summary>
internal static class JsonText
{
    public const string Null = "-";
    public const string Empty = "(none)";

    private static readonly JsonWriterOptions PrettyOptions = new()
    {
        Indented = true,
        NewLine = "\n",

        // Output for a terminal or jq, never for HTML: keep '+', '<', non-ASCII readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Pretty(JsonElement element)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, PrettyOptions))
            element.WriteTo(writer);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Compact JSON text of a request body built with a writer callback.</summary>
    public static string Build(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
            write(writer);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>A value on one line: strings bare, <c>-</c> for null, arrays of scalars joined with ", ".</summary>
    public static string Display(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() ?? Null,
        JsonValueKind.Null or JsonValueKind.Undefined => Null,
        JsonValueKind.Array when value.GetArrayLength() == 0 => Empty,
        JsonValueKind.Array => string.Join(", ", value.EnumerateArray().Select(Display)),
        JsonValueKind.Object when !value.EnumerateObject().Any() => Empty,
        JsonValueKind.Object => value.GetRawText(),
        _ => value.GetRawText(),
    };

    /// <summary>A property shown with <see cref="Display"/>, or <c>-</c> when absent.</summary>
    public static string Property(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? Display(value) : Null;
}
