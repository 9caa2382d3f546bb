using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Aims.Core.Jose;

namespace Aims.Core.Credentials;

/// <summary>Reads and writes <c>aud</c> (RFC 7519 §4.1.3): one value as a string, several as an array.</summary>
internal static class AudienceClaim
{
    public static void Write(Utf8JsonWriter json, IReadOnlyList<string> audience)
    {
        if (audience.Count == 1)
        {
            json.WriteString(JwtClaimNames.Audience, audience[0]);
            return;
        }

        json.WriteStartArray(JwtClaimNames.Audience);
        foreach (var value in audience)
            json.WriteStringValue(value);
        json.WriteEndArray();
    }

    /// <summary>A required, non-empty <c>aud</c> of non-empty strings; on failure a <see cref="CredentialErrors"/> code and detail.</summary>
    public static bool TryRead(JsonElement payload, [NotNullWhen(true)] out string[]? audience,
        [NotNullWhen(false)] out string? error, [NotNullWhen(false)] out string? detail)
    {
        audience = null;
        if (!payload.TryGetProperty(JwtClaimNames.Audience, out var aud))
            return Fail(CredentialErrors.MissingClaim, "the 'aud' claim is required", out error, out detail);

        string[] values;
        switch (aud.ValueKind)
        {
            case JsonValueKind.String:
                values = [aud.GetString()!];
                break;
            case JsonValueKind.Array:
                values = new string[aud.GetArrayLength()];
                var i = 0;
                foreach (var item in aud.EnumerateArray())
                {
                    if (item.ValueKind != JsonValueKind.String)
                        return Fail(CredentialErrors.Malformed, "every 'aud' value must be a JSON string (RFC 7519 §4.1.3)", out error, out detail);
                    values[i++] = item.GetString()!;
                }

                break;
            default:
                return Fail(CredentialErrors.Malformed, "the 'aud' claim must be a string or an array of strings (RFC 7519 §4.1.3)", out error, out detail);
        }

        if (values.Length == 0)
            return Fail(CredentialErrors.MissingClaim, "the 'aud' claim must hold at least one value", out error, out detail);
        if (Array.Exists(values, string.IsNullOrEmpty))
            return Fail(CredentialErrors.Malformed, "'aud' values must not be empty strings", out error, out detail);

        audience = values;
        error = detail = null;
        return true;
    }

    private static bool Fail(string code, string text, out string error, out string detail)
    {
        error = code;
        detail = text;
        return false;
    }
}
