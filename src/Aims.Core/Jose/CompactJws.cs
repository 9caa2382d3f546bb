using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Unicode;

namespace Aims.Core.Jose;

/// <summary>Strict parser of JWS Compact Serialization (RFC 7515 §7.1) for SVIDs.</summary>
public static class CompactJws
{
    /// <summary>8 KiB: far above any SVID, low enough to bound the work an attacker can cause.</summary>
    public const int DefaultMaxLength = 8 * 1024;

    private static readonly JsonDocumentOptions JsonOptions = new()
    {
        AllowDuplicateProperties = false,
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = 16,
    };

    public static string TooLargeError(int maxLength) => $"token is larger than {maxLength} bytes";

    /// <summary>
    /// Splits and decodes a compact JWS: exactly three base64url parts without padding, a header and a payload
    /// that are JSON objects without duplicate members, a string <c>alg</c>. Refuses <c>crit</c> (no extension is
    /// understood, RFC 7515 §4.1.11) and key-carrying headers <c>jwk</c>, <c>jku</c>, <c>x5u</c>, <c>x5c</c>:
    /// an SVID's key comes from the trust bundle (JWT-SVID §4, workload-creds §3). Does not check the signature.
    /// </summary>
    public static bool TryParse(string token, int maxLength, [NotNullWhen(true)] out ParsedJws? jws, [NotNullWhen(false)] out string? error)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxLength);
        jws = null;
        if (string.IsNullOrEmpty(token))
        {
            error = "token is empty";
            return false;
        }

        if (token.Length > maxLength)
        {
            error = TooLargeError(maxLength);
            return false;
        }

        var first = token.IndexOf('.', StringComparison.Ordinal);
        var second = first < 0 ? -1 : token.IndexOf('.', first + 1);
        if (second < 0 || token.IndexOf('.', second + 1) >= 0)
        {
            error = "token must have exactly 3 parts separated by '.' (JWS compact serialization, RFC 7515 §7.1)";
            return false;
        }

        var headerText = token.AsSpan(0, first);
        var payloadText = token.AsSpan(first + 1, second - first - 1);
        var signatureText = token.AsSpan(second + 1);
        if (headerText.IsEmpty || payloadText.IsEmpty)
        {
            error = "token header and payload must not be empty";
            return false;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(headerText.Length, payloadText.Length));
        try
        {
            if (!TryDecodeJsonObject(headerText, buffer, "header", out var header, out error)
                || !TryReadHeader(header, out var alg, out var kid, out var typ, out error)
                || !TryDecodeJsonObject(payloadText, buffer, "payload", out var payload, out error))
            {
                return false;
            }

            var signature = new byte[System.Buffers.Text.Base64Url.GetMaxDecodedLength(signatureText.Length)];
            if (!TryDecode(signatureText, signature, out var signatureLength))
            {
                error = "signature is not strict base64url (RFC 7515 §2: no padding, no whitespace)";
                return false;
            }

            jws = new ParsedJws(token, second, alg, kid, typ, header, payload,
                signatureLength == signature.Length ? signature : signature[..signatureLength]);
            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static bool TryDecodeJsonObject(ReadOnlySpan<char> text, byte[] buffer, string part, out JsonElement element,
        [NotNullWhen(false)] out string? error)
    {
        element = default;
        if (!TryDecode(text, buffer, out var length))
        {
            error = $"{part} is not strict base64url (RFC 7515 §2: no padding, no whitespace)";
            return false;
        }

        var json = buffer.AsSpan(0, length);
        if (!Utf8.IsValid(json) || json.StartsWith("\uFEFF"u8))
        {
            error = $"{part} is not UTF-8 JSON without a byte order mark (RFC 8259 §8.1)";
            return false;
        }

        try
        {
            element = JsonElement.Parse(json, JsonOptions);
        }
        catch (JsonException e)
        {
            error = $"{part} is not valid JSON: {e.Message}";
            return false;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            error = $"{part} must be a JSON object";
            return false;
        }

        error = null;
        return true;
    }

    private static bool TryReadHeader(JsonElement header, [NotNullWhen(true)] out string? alg, out string? kid, out string? typ,
        [NotNullWhen(false)] out string? error)
    {
        alg = kid = typ = null;
        foreach (var member in header.EnumerateObject())
        {
            switch (member.Name)
            {
                case JoseHeaderNames.Algorithm:
                    alg = member.Value.ValueKind == JsonValueKind.String ? member.Value.GetString() : null;
                    if (string.IsNullOrEmpty(alg))
                    {
                        error = "header 'alg' must be a non-empty string (RFC 7515 §4.1.1)";
                        return false;
                    }

                    break;
                case JoseHeaderNames.KeyId:
                    if (member.Value.ValueKind != JsonValueKind.String)
                    {
                        error = "header 'kid' must be a string (RFC 7515 §4.1.4)";
                        return false;
                    }

                    kid = member.Value.GetString();
                    break;
                case JoseHeaderNames.Type:
                    if (member.Value.ValueKind != JsonValueKind.String)
                    {
                        error = "header 'typ' must be a string (RFC 7515 §4.1.9)";
                        return false;
                    }

                    typ = member.Value.GetString();
                    break;
                case JoseHeaderNames.Critical:
                    error = "header 'crit' names extensions this validator does not understand (RFC 7515 §4.1.11)";
                    return false;
                case JoseHeaderNames.JsonWebKey or JoseHeaderNames.JwkSetUrl or JoseHeaderNames.X509Url or JoseHeaderNames.X509Chain:
                    error = $"header '{member.Name}' is not accepted: the verification key comes from the trust bundle, " +
                            "never from the token (JWT-SVID §4, workload-creds §3)";
                    return false;
            }
        }

        if (alg is null)
        {
            error = "header 'alg' is required (RFC 7515 §4.1.1)";
            return false;
        }

        error = null;
        return true;
    }

    /// <summary>base64url exactly as RFC 7515 §2 defines it: alphabet only, no padding, no whitespace, canonical last char.</summary>
    private static bool TryDecode(ReadOnlySpan<char> text, Span<byte> destination, out int written)
    {
        written = 0;
        foreach (var c in text)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '-' and not '_')
                return false;
        }

        return System.Buffers.Text.Base64Url.DecodeFromChars(text, destination, out var consumed, out written) == OperationStatus.Done
               && consumed == text.Length;
    }
}
