using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Aims.Core.Jose;

namespace Aims.Core.OAuth.Registration;

/// <summary>
/// The public keys a client registers inline (RFC 7591 §2 <c>jwks</c>) to sign its private_key_jwt assertions:
/// EC P-256 keys for ES256, public members only, each a valid curve point, kids unique. Only the members needed
/// to verify are kept, so what is stored and returned is exactly what is trusted.
/// </summary>
public sealed class ClientJwks
{
    private static readonly JsonDocumentOptions StoredJsonOptions = new() { AllowDuplicateProperties = false, MaxDepth = 8 };

    private ClientJwks(IReadOnlyList<JsonWebKey> keys) => Keys = keys;

    public IReadOnlyList<JsonWebKey> Keys { get; }

    /// <summary>Checks a <c>jwks</c> member of a registration request; the error names the key and the rule it broke.</summary>
    public static bool TryParse(JsonElement jwks, [NotNullWhen(true)] out ClientJwks? result, [NotNullWhen(false)] out string? error)
    {
        result = null;
        if (jwks.ValueKind != JsonValueKind.Object || !jwks.TryGetProperty("keys", out var keys) || keys.ValueKind != JsonValueKind.Array)
        {
            error = "jwks must be a JWK Set: an object with a 'keys' array (RFC 7517 §5)";
            return false;
        }

        var count = keys.GetArrayLength();
        if (count is 0 or > ClientRegistrationLimits.MaxJwksKeys)
        {
            error = $"jwks must hold 1 to {ClientRegistrationLimits.MaxJwksKeys} keys; it has {count}";
            return false;
        }

        var parsed = new List<JsonWebKey>(count);
        var index = 0;
        foreach (var key in keys.EnumerateArray())
        {
            if (!TryParseKey(key, index, out var jwk, out error))
                return false;
            parsed.Add(jwk);
            index++;
        }

        if (parsed.Count > 1 && parsed.Any(k => k.Kid is null))
        {
            error = "jwks has more than one key, so every key needs a 'kid' that the assertion header names";
            return false;
        }

        if (parsed.Where(k => k.Kid is not null).GroupBy(k => k.Kid, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
        {
            error = $"jwks has two keys with kid '{duplicate.Key}'; kids must be unique so an assertion names one key";
            return false;
        }

        result = new ClientJwks(parsed);
        error = null;
        return true;
    }

    /// <summary>Reads a JWK Set stored by <see cref="ToJson"/>; null when it no longer passes the rules.</summary>
    public static ClientJwks? FromStoredJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var document = JsonDocument.Parse(json, StoredJsonOptions);
            return TryParse(document.RootElement, out var jwks, out _) ? jwks : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The key an assertion header names by <paramref name="kid"/>; without a kid, the only key of a one-key set.</summary>
    public JsonWebKey? Find(string? kid)
    {
        if (kid is null)
            return Keys.Count == 1 ? Keys[0] : null;
        foreach (var key in Keys)
        {
            if (string.Equals(key.Kid, kid, StringComparison.Ordinal))
                return key;
        }

        return null;
    }

    /// <summary>The canonical JWK Set: kty, crv, x, y and, when sent, kid, use and alg.</summary>
    public string ToJson() => JwkSet.ToJson(Keys);

    private static bool TryParseKey(JsonElement key, int index, [NotNullWhen(true)] out JsonWebKey? jwk, [NotNullWhen(false)] out string? error)
    {
        jwk = null;
        var name = $"jwks key {index}";
        if (key.ValueKind != JsonValueKind.Object)
        {
            error = $"{name} must be a JSON object (RFC 7517 §4)";
            return false;
        }

        if (JwkPrivateMembers.FirstIn(key) is { } member)
        {
            error = $"{name} carries private key material ('{member}'); register only the public key, and keep the private key with the client";
            return false;
        }

        var kty = String(key, "kty");
        var crv = String(key, "crv");
        if (kty is not "EC" || crv is not "P-256")
        {
            error = $"{name} must be an EC key on curve P-256 (kty 'EC', crv 'P-256') for ES256 client assertions; it is kty '{kty}' crv '{crv}'";
            return false;
        }

        var x = String(key, "x");
        var y = String(key, "y");
        if (!EcPublicKey.IsValid(crv, x, y))
        {
            error = $"{name} has 'x' and 'y' that are not a point on P-256: 32-byte base64url coordinates of the public key (RFC 7518 §6.2.1)";
            return false;
        }

        if (!TryReadOptional(key, name, out var kid, out var use, out var alg, out error))
            return false;

        jwk = new JsonWebKey { Kty = kty, Crv = crv, X = x, Y = y, Kid = kid, Use = use, Alg = alg };
        return true;
    }

    /// <summary>kid, use, alg and key_ops are optional; when present they must fit a P-256 signature-verification key.</summary>
    private static bool TryReadOptional(JsonElement key, string name, out string? kid, out string? use, out string? alg, [NotNullWhen(false)] out string? error)
    {
        kid = String(key, "kid");
        use = String(key, "use");
        alg = String(key, "alg");
        error = null;
        if (key.TryGetProperty("kid", out _) && (kid is null || kid.Length is 0 or > ClientRegistrationLimits.MaxKidLength || !kid.All(IsKidChar)))
            error = $"{name} has a 'kid' that is not a string of 1 to {ClientRegistrationLimits.MaxKidLength} printable ASCII characters";
        else if (key.TryGetProperty("use", out _) && use != "sig")
            error = $"{name} has 'use' '{use}'; a key that signs client assertions has 'use' 'sig' or none (RFC 7517 §4.2)";
        else if (key.TryGetProperty("alg", out _) && alg != JwsAlgorithms.ES256)
            error = $"{name} has 'alg' '{alg}'; a P-256 key signs with ES256 (RFC 7518 §3.4)";
        else if (key.TryGetProperty("key_ops", out var ops) && !IsVerifyOnly(ops))
            error = $"{name} has 'key_ops' other than [\"verify\"]; the server only verifies with it (RFC 7517 §4.3)";
        return error is null;
    }

    private static bool IsKidChar(char c) => c is >= '\x21' and <= '\x7E';

    private static bool IsVerifyOnly(JsonElement ops) =>
        ops.ValueKind == JsonValueKind.Array && ops.GetArrayLength() > 0
        && ops.EnumerateArray().All(o => o.ValueKind == JsonValueKind.String && o.GetString() == "verify");

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
