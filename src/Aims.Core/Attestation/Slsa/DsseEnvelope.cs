using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;

namespace Aims.Core.Attestation.Slsa;

/// <summary>
/// A DSSE JSON envelope (DSSE v1.0 envelope.md): <c>payloadType</c>, base64 <c>payload</c>, and <c>signatures</c> of
/// base64 <c>sig</c> with an optional <c>keyid</c>. Base64 may be standard or URL-safe, padded or not (envelope.md
/// "Base64()"); unknown members are ignored as the spec says. Nothing in it is trusted until a signature verifies
/// over <see cref="PreAuthenticationEncoding"/>.
/// </summary>
public sealed class DsseEnvelope
{
    public const int MaxPayloadBytes = 48 * 1024;
    public const int MaxSignatures = 8;

    private static readonly JsonDocumentOptions Options = new() { AllowDuplicateProperties = false, MaxDepth = 8 };

    private DsseEnvelope(string payloadType, byte[] payload, IReadOnlyList<DsseSignature> signatures)
    {
        PayloadType = payloadType;
        Payload = payload;
        Signatures = signatures;
    }

    public string PayloadType { get; }

    public byte[] Payload { get; }

    public IReadOnlyList<DsseSignature> Signatures { get; }

    /// <summary>
    /// PAE(type, body) = "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body, LEN in ASCII decimal bytes (DSSE
    /// protocol.md): what is signed, so the payload type cannot be swapped under a signature.
    /// </summary>
    public byte[] PreAuthenticationEncoding()
    {
        var type = Encoding.UTF8.GetBytes(PayloadType);
        var header = Encoding.ASCII.GetBytes($"DSSEv1 {type.Length} ");
        var middle = Encoding.ASCII.GetBytes($" {Payload.Length} ");
        return [.. header, .. type, .. middle, .. Payload];
    }

    public static bool TryParse(JsonElement envelope, [NotNullWhen(true)] out DsseEnvelope? parsed, [NotNullWhen(false)] out string? error)
    {
        parsed = null;
        if (envelope.ValueKind != JsonValueKind.Object)
        {
            error = "the envelope must be a DSSE JSON object {payloadType, payload, signatures}";
            return false;
        }

        if (!envelope.TryGetProperty("payloadType", out var type) || type.ValueKind != JsonValueKind.String)
        {
            error = "the envelope needs a string 'payloadType' (DSSE envelope.md)";
            return false;
        }

        if (!envelope.TryGetProperty("payload", out var payloadText) || payloadText.ValueKind != JsonValueKind.String
            || !TryDecodeBase64(payloadText.GetString()!, MaxPayloadBytes, out var payload))
        {
            error = $"the envelope needs 'payload': base64 of at most {MaxPayloadBytes} bytes";
            return false;
        }

        if (!envelope.TryGetProperty("signatures", out var signatures) || signatures.ValueKind != JsonValueKind.Array
            || signatures.GetArrayLength() is 0 or > MaxSignatures)
        {
            error = $"the envelope needs 'signatures': an array of 1 to {MaxSignatures} {{keyid?, sig}} objects";
            return false;
        }

        var list = new List<DsseSignature>();
        foreach (var signature in signatures.EnumerateArray())
        {
            if (signature.ValueKind != JsonValueKind.Object || !signature.TryGetProperty("sig", out var sig) || sig.ValueKind != JsonValueKind.String
                || !TryDecodeBase64(sig.GetString()!, 1024, out var bytes) || bytes.Length == 0)
            {
                error = "every signature needs 'sig': the base64 signature over the DSSE pre-authentication encoding";
                return false;
            }

            string? keyId = null;
            if (signature.TryGetProperty("keyid", out var keyid))
            {
                if (keyid.ValueKind != JsonValueKind.String)
                {
                    error = "a signature's 'keyid' must be a string";
                    return false;
                }

                keyId = keyid.GetString() is { Length: > 0 } text ? text : null;
            }

            list.Add(new DsseSignature(keyId, bytes));
        }

        parsed = new DsseEnvelope(type.GetString()!, payload, list);
        error = null;
        return true;
    }

    /// <summary>Parses the envelope from its JSON text (at most the payload limit plus room for signatures).</summary>
    public static bool TryParse(string json, [NotNullWhen(true)] out DsseEnvelope? parsed, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(json);
        parsed = null;
        if (json.Length > (MaxPayloadBytes * 2) + 16 * 1024)
        {
            error = "the envelope is too large";
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(json, Options);
            return TryParse(document.RootElement, out parsed, out error);
        }
        catch (JsonException e)
        {
            error = $"the envelope is not JSON: {e.Message}";
            return false;
        }
    }

    /// <summary>RFC 4648 §4 or §5, with or without padding; nothing else (no whitespace).</summary>
    private static bool TryDecodeBase64(string text, int maxBytes, [NotNullWhen(true)] out byte[]? bytes)
    {
        bytes = null;
        if (text.Length > ((maxBytes + 2) / 3 * 4) || !text.All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '-' or '_' or '='))
            return false;

        var standard = text.TrimEnd('=').Replace('-', '+').Replace('_', '/');
        if (text.Length - text.TrimEnd('=').Length > 2 || standard.Contains('=', StringComparison.Ordinal))
            return false;
        standard = standard.PadRight(standard.Length + ((4 - (standard.Length % 4)) % 4), '=');
        try
        {
            bytes = Convert.FromBase64String(standard);
            return bytes.Length <= maxBytes;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
