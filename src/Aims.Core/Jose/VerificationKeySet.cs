using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;

namespace Aims.Core.Jose;

/// <summary>
/// The signature-verification keys of an outside issuer, read from its JWK Set document (RFC 7517 §5), by
/// <c>kid</c>. Only what can verify an accepted algorithm is kept: EC P-256/P-384 and RSA of 2048 to 8192 bits,
/// with a <c>kid</c> (the assertions name their key) and a <c>use</c> that is absent or <c>sig</c> (RFC 7517 §4.2).
/// Keys of other types are ignored as RFC 7517 §5 says; a key that claims a supported type but is malformed, a
/// repeated <c>kid</c>, or any private key member makes the whole document invalid, since it shows a broken or
/// leaked key set. Holds public JWKs only: a key is imported when a signature is checked.
/// </summary>
public sealed class VerificationKeySet
{
    /// <summary>The largest document read; real JWK Sets are a few KiB.</summary>
    public const int MaxDocumentBytes = 64 * 1024;

    /// <summary>Most JWKs a document may hold, usable or not.</summary>
    public const int MaxKeys = 32;

    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        AllowDuplicateProperties = false,
        CommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = 8,
    };

    private readonly FrozenDictionary<string, JsonWebKey> _keys;

    private VerificationKeySet(Dictionary<string, JsonWebKey> keys) => _keys = keys.ToFrozenDictionary(StringComparer.Ordinal);

    public IReadOnlyCollection<string> KeyIds => _keys.Keys;

    public int Count => _keys.Count;

    public bool TryGetKey(string kid, [MaybeNullWhen(false)] out JsonWebKey key) => _keys.TryGetValue(kid, out key);

    /// <summary>Reads a JWK Set document; fails when it is malformed or holds no usable key.</summary>
    public static bool TryParse(string json, [NotNullWhen(true)] out VerificationKeySet? set, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(json);
        set = null;
        if (Encoding.UTF8.GetByteCount(json) > MaxDocumentBytes)
        {
            error = $"the JWK Set is larger than {MaxDocumentBytes} bytes";
            return false;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException e)
        {
            error = $"the JWK Set is not valid JSON: {e.Message}";
            return false;
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("keys", out var keys) || keys.ValueKind != JsonValueKind.Array)
            {
                error = "a JWK Set is a JSON object with a 'keys' array (RFC 7517 §5)";
                return false;
            }

            if (keys.GetArrayLength() > MaxKeys)
            {
                error = $"the JWK Set has {keys.GetArrayLength()} keys; at most {MaxKeys} are accepted";
                return false;
            }

            var selected = new Dictionary<string, JsonWebKey>(StringComparer.Ordinal);
            var index = 0;
            foreach (var element in keys.EnumerateArray())
            {
                if (!TryReadKey(element, $"keys[{index++}]", out var jwk, out error))
                    return false;
                if (jwk is null)
                    continue;
                if (!selected.TryAdd(jwk.Kid!, jwk))
                {
                    error = $"kid '{jwk.Kid}' appears more than once; a kid must name one key";
                    return false;
                }
            }

            if (selected.Count == 0)
            {
                error = "the JWK Set has no usable signing key: an EC P-256 or P-384 key, or an RSA key of at least 2048 bits, with a kid and use 'sig' or no use";
                return false;
            }

            set = new VerificationKeySet(selected);
            error = null;
            return true;
        }
    }

    /// <summary>A usable key, null for one to ignore, or false with the reason the whole set is refused.</summary>
    private static bool TryReadKey(JsonElement element, string path, out JsonWebKey? jwk, [NotNullWhen(false)] out string? error)
    {
        jwk = null;
        error = null;
        if (element.ValueKind != JsonValueKind.Object)
        {
            error = $"{path} must be a JSON object (RFC 7517 §4)";
            return false;
        }

        if (JwkPrivateMembers.FirstIn(element) is { } member)
        {
            error = $"{path} has the private key member '{member}'; a published JWK Set holds public keys only (RFC 7517 §5), so this one is refused";
            return false;
        }

        JsonWebKey? key;
        try
        {
            key = element.Deserialize<JsonWebKey>();
        }
        catch (JsonException e)
        {
            error = $"{path} is not a JWK: {e.Message}";
            return false;
        }

        // RFC 7517 §4.2 use, §5: kinds this server cannot verify are skipped, as are keys an assertion cannot name.
        if (key is null || string.IsNullOrEmpty(key.Kid) || (key.Use is not null && key.Use != "sig")
            || (key.Alg is not null && !JwkSignatureVerifier.IsVerifiable(key.Alg)))
            return true;

        switch (key.Kty)
        {
            case "EC" when key.Crv is "P-256" or "P-384":
                if (!EcPublicKey.IsValid(key.Crv, key.X, key.Y))
                {
                    error = $"{path} (kid '{key.Kid}') is not a valid {key.Crv} public key (RFC 7518 §6.2.1)";
                    return false;
                }

                break;
            case "RSA":
                if (!RsaPublicKey.TryRead(key, out _, out var rsaError))
                {
                    error = $"{path} (kid '{key.Kid}') is not an acceptable RSA public key: {rsaError}";
                    return false;
                }

                break;
            default:
                return true;
        }

        jwk = key;
        return true;
    }
}
