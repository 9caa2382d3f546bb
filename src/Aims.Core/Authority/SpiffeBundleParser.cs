using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Aims.Core.Identity;
using Aims.Core.Jose;

namespace Aims.Core.Authority;

/// <summary>
/// Reads a SPIFFE bundle document of a named trust domain (SPIFFE Trust Domain and Bundle §4): a JWK Set with
/// <c>spiffe_sequence</c> and <c>spiffe_refresh_hint</c>. Elements of an unknown <c>kty</c> or a missing or unknown
/// <c>use</c> are ignored (§4.2); a malformed element of a known use, a repeated <c>kid</c>, a private key member or
/// a duplicate JSON member refuses the whole document, since it shows a broken or tampered bundle.
/// </summary>
public static class SpiffeBundleParser
{
    /// <summary>The largest document read: a bundle with a few CA certificates is a few KiB.</summary>
    public const int MaxDocumentBytes = 512 * 1024;

    /// <summary>Most JWK elements a document may hold, usable or not.</summary>
    public const int MaxKeys = 64;

    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        AllowDuplicateProperties = false,
        CommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = 8,
    };

    /// <summary>
    /// The bundle of <paramref name="trustDomain"/> in <paramref name="json"/>. An absent <c>spiffe_sequence</c>
    /// reads as 0; an absent <c>spiffe_refresh_hint</c> as five minutes (Trust Domain and Bundle §6). An empty
    /// <c>keys</c> array is valid: the trust domain has revoked everything it published (§4.1.3).
    /// </summary>
    public static bool TryParse(
        TrustDomain trustDomain, string json, [NotNullWhen(true)] out SpiffeBundle? bundle, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(trustDomain);
        ArgumentNullException.ThrowIfNull(json);
        bundle = null;
        if (Encoding.UTF8.GetByteCount(json) > MaxDocumentBytes)
        {
            error = $"the bundle is larger than {MaxDocumentBytes} bytes";
            return false;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException e)
        {
            error = $"the bundle is not valid JSON (duplicate members are refused): {e.Message}";
            return false;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("keys", out var keys) || keys.ValueKind != JsonValueKind.Array)
            {
                error = "a SPIFFE bundle is a JSON object with a 'keys' array (Trust Domain and Bundle §4.1.3)";
                return false;
            }

            if (keys.GetArrayLength() > MaxKeys)
            {
                error = $"the bundle has {keys.GetArrayLength()} keys; at most {MaxKeys} are accepted";
                return false;
            }

            if (!TryReadSequence(root, out var sequence, out error) || !TryReadRefreshHint(root, out var hint, out error))
                return false;

            var x509 = new List<X509Certificate2>();
            var jwt = new List<JsonWebKey>();
            var wit = new List<JsonWebKey>();
            var kids = new HashSet<string>(StringComparer.Ordinal);
            var index = 0;
            foreach (var element in keys.EnumerateArray())
            {
                if (!TryReadKey(element, $"keys[{index++}]", x509, jwt, wit, kids, out error))
                {
                    foreach (var certificate in x509)
                        certificate.Dispose();
                    return false;
                }
            }

            bundle = new SpiffeBundle(trustDomain, x509, jwt, wit, sequence, hint);
            error = null;
            return true;
        }
    }

    private static bool TryReadSequence(JsonElement root, out long sequence, [NotNullWhen(false)] out string? error)
    {
        sequence = 0;
        error = null;
        if (!root.TryGetProperty("spiffe_sequence", out var value))
            return true;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out sequence) && sequence >= 0)
            return true;
        error = "spiffe_sequence must be a non-negative integer (Trust Domain and Bundle §4.1.1)";
        return false;
    }

    private static bool TryReadRefreshHint(JsonElement root, out TimeSpan hint, [NotNullWhen(false)] out string? error)
    {
        hint = TimeSpan.FromMinutes(5);
        error = null;
        if (!root.TryGetProperty("spiffe_refresh_hint", out var value))
            return true;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var seconds) && seconds > 0 && seconds <= int.MaxValue)
        {
            hint = TimeSpan.FromSeconds(seconds);
            return true;
        }

        error = "spiffe_refresh_hint must be a positive integer number of seconds (Trust Domain and Bundle §4.1.2)";
        return false;
    }

    private static bool TryReadKey(
        JsonElement element, string path, List<X509Certificate2> x509, List<JsonWebKey> jwt, List<JsonWebKey> wit, HashSet<string> kids,
        [NotNullWhen(false)] out string? error)
    {
        error = null;
        if (element.ValueKind != JsonValueKind.Object)
        {
            error = $"{path} must be a JSON object (RFC 7517 §4)";
            return false;
        }

        if (JwkPrivateMembers.FirstIn(element) is { } member)
        {
            error = $"{path} carries the private key member '{member}'; a bundle holds public keys only";
            return false;
        }

        // §4.2: an unknown kty, or a missing or unknown use, makes the element one to ignore.
        if (!element.TryGetProperty("kty", out var kty) || kty.ValueKind != JsonValueKind.String
            || !element.TryGetProperty("use", out var useElement) || useElement.ValueKind != JsonValueKind.String)
            return true;

        var use = useElement.GetString();
        switch (use)
        {
            case SpiffeBundle.X509SvidUse:
                return TryReadX509Authority(element, path, x509, out error);
            case SpiffeBundle.JwtSvidUse:
                return TryReadJwtAuthority(element, path, use, jwt, kids, out error);
            case SpiffeBundle.WitSvidUse:
                return TryReadJwtAuthority(element, path, use, wit, kids, out error);
            default:
                return true;
        }
    }

    /// <summary>§4.2.1: the authority is the first (only) <c>x5c</c> certificate.</summary>
    private static bool TryReadX509Authority(JsonElement element, string path, List<X509Certificate2> x509, [NotNullWhen(false)] out string? error)
    {
        error = null;
        if (!element.TryGetProperty("x5c", out var x5c) || x5c.ValueKind != JsonValueKind.Array || x5c.GetArrayLength() == 0
            || x5c[0].ValueKind != JsonValueKind.String)
        {
            error = $"{path} is an x509-svid authority without an x5c certificate (Trust Domain and Bundle §4.2.1)";
            return false;
        }

        try
        {
            x509.Add(X509CertificateLoader.LoadCertificate(Convert.FromBase64String(x5c[0].GetString()!)));
            return true;
        }
        catch (Exception e) when (e is FormatException or CryptographicException)
        {
            error = $"{path}: x5c[0] is not a base64 DER certificate: {e.Message}";
            return false;
        }
    }

    /// <summary>§4.2.2 and WIT-SVID §6: a <c>kid</c> is required and names one key across the bundle.</summary>
    private static bool TryReadJwtAuthority(
        JsonElement element, string path, string use, List<JsonWebKey> keys, HashSet<string> kids, [NotNullWhen(false)] out string? error)
    {
        error = null;
        JsonWebKey? jwk;
        try
        {
            jwk = element.Deserialize<JsonWebKey>();
        }
        catch (JsonException e)
        {
            error = $"{path} is not a JWK: {e.Message}";
            return false;
        }

        if (jwk is null || string.IsNullOrEmpty(jwk.Kid))
        {
            error = $"{path} is a {use} key without a kid (JWT-SVID §6, WIT-SVID §6)";
            return false;
        }

        if (!kids.Add(jwk.Kid))
        {
            error = $"kid '{jwk.Kid}' appears more than once in the bundle";
            return false;
        }

        // Keys of a type this implementation cannot verify are ignored like unknown types (§4.2).
        if (jwk.Kty != "EC")
            return true;
        using (var key = jwk.ToECDsa())
        {
            if (key is null)
            {
                error = $"{path} ('{jwk.Kid}') is not a valid public P-256, P-384 or P-521 key";
                return false;
            }
        }

        keys.Add(jwk);
        return true;
    }
}
