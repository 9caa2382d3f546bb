using System.Security.Cryptography;
using System.Text.Json.Serialization;

namespace Aims.Core.Jose;

/// <summary>A public JSON Web Key (RFC 7517) as it appears in JWK Sets, bundles and <c>cnf</c> claims.</summary>
public sealed record JsonWebKey
{
    [JsonPropertyName("kty")] public required string Kty { get; init; }
    [JsonPropertyName("crv")] public string? Crv { get; init; }
    [JsonPropertyName("x")] public string? X { get; init; }
    [JsonPropertyName("y")] public string? Y { get; init; }
    [JsonPropertyName("n")] public string? N { get; init; }
    [JsonPropertyName("e")] public string? E { get; init; }
    [JsonPropertyName("kid")] public string? Kid { get; init; }
    [JsonPropertyName("use")] public string? Use { get; init; }
    [JsonPropertyName("alg")] public string? Alg { get; init; }
    [JsonPropertyName("x5c")] public IReadOnlyList<string>? X5c { get; init; }

    /// <summary>Carries private members ("d") or unknown members so callers can refuse them.</summary>
    [JsonExtensionData] public Dictionary<string, System.Text.Json.JsonElement>? Extra { get; init; }

    /// <summary>Reads a JWK from its JSON text; null when the text is not a JSON object with a <c>kty</c>.</summary>
    public static JsonWebKey? Parse(string json)
    {
        try
        {
            return System.Text.Json.JsonSerializer.Deserialize<JsonWebKey>(json);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    public static JsonWebKey FromECDsa(ECDsa key, string? kid = null, string? use = null, string? alg = null)
    {
        var p = key.ExportParameters(includePrivateParameters: false);
        return new JsonWebKey
        {
            Kty = "EC",
            Crv = CurveName(p.Curve),
            X = Base64Url.Encode(p.Q.X),
            Y = Base64Url.Encode(p.Q.Y),
            Kid = kid,
            Use = use,
            Alg = alg,
        };
    }

    /// <summary>Imports an EC public key; null when the key is not a well-formed public P-256/P-384/P-521 key.</summary>
    public ECDsa? ToECDsa()
    {
        if (Kty != "EC" || X is null || Y is null || Extra?.ContainsKey("d") == true)
            return null;

        ECCurve curve;
        int size;
        switch (Crv)
        {
            case "P-256": curve = ECCurve.NamedCurves.nistP256; size = 32; break;
            case "P-384": curve = ECCurve.NamedCurves.nistP384; size = 48; break;
            case "P-521": curve = ECCurve.NamedCurves.nistP521; size = 66; break;
            default: return null;
        }

        if (!Base64Url.TryDecode(X, out var x) || !Base64Url.TryDecode(Y, out var y) || x.Length != size || y.Length != size)
            return null;

        try
        {
            return ECDsa.Create(new ECParameters { Curve = curve, Q = new ECPoint { X = x, Y = y } });
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    /// <summary>RFC 7638 JWK thumbprint (SHA-256, base64url) of an EC key.</summary>
    public string Thumbprint()
    {
        var canonical = $"{{\"crv\":\"{Crv}\",\"kty\":\"{Kty}\",\"x\":\"{X}\",\"y\":\"{Y}\"}}";
        return Base64Url.Encode(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(canonical)));
    }

    private static string CurveName(ECCurve curve) => curve.Oid.FriendlyName switch
    {
        "nistP256" or "ECDSA_P256" => "P-256",
        "nistP384" or "ECDSA_P384" => "P-384",
        "nistP521" or "ECDSA_P521" => "P-521",
        var other => throw new NotSupportedException($"Curve {other} is not supported."),
    };
}
