using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Aims.Core.Transactions;

/// <summary>
/// The JSON objects a Txn-Token carries as <c>tctx</c> and <c>rctx</c> (draft §4.2.1, §4.2.2): a JSON object without
/// duplicate members, at most <see cref="TxnTokenConstants.Limits.MaxContextBytes"/> and
/// <see cref="TxnTokenConstants.Limits.MaxContextDepth"/> deep, kept as compact JSON text so that it crosses grains and
/// is written into a token unchanged.
/// </summary>
public static class ContextObject
{
    private static readonly JsonDocumentOptions ReadOptions = new()
    {
        AllowDuplicateProperties = false,
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = TxnTokenConstants.Limits.MaxContextDepth,
    };

    private static readonly JsonWriterOptions WriteOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Reads <paramref name="json"/> (the value of the parameter or claim <paramref name="name"/>) into its compact
    /// form; null or empty reads as no object. The error says what to fix.
    /// </summary>
    public static bool TryNormalize(string? json, string name, out string? normalized, [NotNullWhen(false)] out string? error)
    {
        normalized = null;
        error = null;
        if (string.IsNullOrEmpty(json))
            return true;
        if (Encoding.UTF8.GetByteCount(json) > TxnTokenConstants.Limits.MaxContextBytes)
        {
            error = $"{name} is larger than {TxnTokenConstants.Limits.MaxContextBytes} bytes";
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(json, ReadOptions);
            return TryNormalize(document.RootElement, name, out normalized, out error);
        }
        catch (JsonException e)
        {
            error = $"{name} must be a JSON object without repeated members, nested at most {TxnTokenConstants.Limits.MaxContextDepth} deep: {e.Message}";
            return false;
        }
    }

    /// <summary>Checks an already parsed value (a claim of a verified token) the same way.</summary>
    public static bool TryNormalize(JsonElement element, string name, out string? normalized, [NotNullWhen(false)] out string? error)
    {
        normalized = null;
        if (element.ValueKind != JsonValueKind.Object)
        {
            error = $"{name} must be a JSON object";
            return false;
        }

        if (Depth(element) > TxnTokenConstants.Limits.MaxContextDepth)
        {
            error = $"{name} is nested more than {TxnTokenConstants.Limits.MaxContextDepth} deep";
            return false;
        }

        normalized = Write(element.EnumerateObject());
        if (Encoding.UTF8.GetByteCount(normalized) > TxnTokenConstants.Limits.MaxContextBytes)
        {
            normalized = null;
            error = $"{name} is larger than {TxnTokenConstants.Limits.MaxContextBytes} bytes";
            return false;
        }

        error = null;
        return true;
    }

    /// <summary>
    /// A replacement may add asserted values but never change one (draft §10.5): the members of
    /// <paramref name="additions"/> that <paramref name="original"/> lacks are appended; one it has must carry the same
    /// value. Both are normalized objects or null.
    /// </summary>
    public static bool TryExtend(string? original, string? additions, string name, out string? merged, [NotNullWhen(false)] out string? error)
    {
        merged = original;
        error = null;
        if (additions is null)
            return true;
        if (original is null)
        {
            merged = additions;
            return true;
        }

        using var before = JsonDocument.Parse(original);
        using var added = JsonDocument.Parse(additions);
        var members = before.RootElement.EnumerateObject().ToList();
        foreach (var member in added.RootElement.EnumerateObject())
        {
            if (before.RootElement.TryGetProperty(member.Name, out var existing))
            {
                if (!JsonElement.DeepEquals(existing, member.Value))
                {
                    error = $"{name} member '{member.Name}' is already asserted by the transaction with another value; a replacement may add values, never change them";
                    return false;
                }

                continue;
            }

            members.Add(member);
        }

        merged = Write(members);
        if (Encoding.UTF8.GetByteCount(merged) > TxnTokenConstants.Limits.MaxContextBytes)
        {
            merged = null;
            error = $"{name} would grow larger than {TxnTokenConstants.Limits.MaxContextBytes} bytes";
            return false;
        }

        return true;
    }

    /// <summary>Writes a normalized object into a claims set under <paramref name="claim"/>.</summary>
    public static void WriteClaim(Utf8JsonWriter json, string claim, string normalized)
    {
        ArgumentNullException.ThrowIfNull(json);
        json.WritePropertyName(claim);
        json.WriteRawValue(normalized, skipInputValidation: false);
    }

    private static string Write(IEnumerable<JsonProperty> members)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriteOptions))
        {
            writer.WriteStartObject();
            foreach (var member in members)
                member.WriteTo(writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static int Depth(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => 1 + element.EnumerateObject().Select(m => Depth(m.Value)).DefaultIfEmpty(0).Max(),
        JsonValueKind.Array => 1 + element.EnumerateArray().Select(Depth).DefaultIfEmpty(0).Max(),
        _ => 0,
    };
}
