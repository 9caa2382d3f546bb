using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Aims.Cli.Output;

/// <summary>Checked reads of parsed JSON: a property is used only when it has the expected kind.</summary>
internal static class JsonElementExtensions
{
    public static bool TryGetArray(this JsonElement element, string name, out JsonElement array) =>
        TryGet(element, name, JsonValueKind.Array, out array);

    public static bool TryGetString(this JsonElement element, string name, [NotNullWhen(true)] out string? value)
    {
        value = TryGet(element, name, JsonValueKind.String, out var property) ? property.GetString() : null;
        return value is not null;
    }

    private static bool TryGet(JsonElement element, string name, JsonValueKind kind, out JsonElement value)
    {
        if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out value) && value.ValueKind == kind)
            return true;
        value = default;
        return false;
    }
}
