using System.Text.Json;

namespace Aims.Cli.Output;

/// <summary>
/// Human output of one object: <c>key: value</c> lines with the values aligned. Nested objects flatten to dotted
/// keys (<c>attestation.attested_at</c>), arrays of objects to indexed ones (<c>jwt_svids[0].aud</c>).
/// </summary>
internal static class KeyValueWriter
{
    public static void Write(TextWriter output, IReadOnlyList<KeyValuePair<string, string>> rows)
    {
        if (rows.Count == 0)
            return;

        var width = rows.Max(r => r.Key.Length) + 1;
        var continuation = new string(' ', width + 1);
        foreach (var (key, value) in rows)
        {
            // Multi-line values (PEM, documents) continue under the value column.
            var lines = value.Split('\n');
            output.Write(lines[0].Length == 0 ? key + ":" : (key + ":").PadRight(width) + " " + lines[0]);
            output.Write('\n');
            foreach (var line in lines.Skip(1))
            {
                output.Write(continuation);
                output.Write(line);
                output.Write('\n');
            }
        }
    }

    /// <summary>Writes an object's properties, those in <paramref name="first"/> leading, those in <paramref name="skip"/> left out.</summary>
    public static void WriteObject(TextWriter output, JsonElement element, IReadOnlyList<string>? first = null, IReadOnlyList<string>? skip = null) =>
        Write(output, Rows(element, first ?? [], skip ?? []));

    public static IReadOnlyList<KeyValuePair<string, string>> Rows(JsonElement element, IReadOnlyList<string> first, IReadOnlyList<string> skip)
    {
        var rows = new List<KeyValuePair<string, string>>();
        if (element.ValueKind != JsonValueKind.Object)
        {
            rows.Add(new("value", JsonText.Display(element)));
            return rows;
        }

        foreach (var name in first)
        {
            if (element.TryGetProperty(name, out var value))
                Flatten(name, value, rows);
        }

        foreach (var property in element.EnumerateObject())
        {
            if (!first.Contains(property.Name) && !skip.Contains(property.Name))
                Flatten(property.Name, property.Value, rows);
        }

        return rows;
    }

    private static void Flatten(string key, JsonElement value, List<KeyValuePair<string, string>> rows)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object when value.EnumerateObject().Any():
                foreach (var property in value.EnumerateObject())
                    Flatten($"{key}.{property.Name}", property.Value, rows);
                break;
            case JsonValueKind.Array when value.EnumerateArray().Any(IsStructured):
                var index = 0;
                foreach (var item in value.EnumerateArray())
                    Flatten($"{key}[{index++}]", item, rows);
                break;
            default:
                rows.Add(new(key, JsonText.Display(value)));
                break;
        }
    }

    private static bool IsStructured(JsonElement value) => value.ValueKind is JsonValueKind.Object or JsonValueKind.Array;
}
