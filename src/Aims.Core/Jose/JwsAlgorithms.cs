using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Aims.Core.Jose;

/// <summary>
/// JWS <c>alg</c> values (RFC 7518 §3.1). SVIDs allow exactly the RSA, ECDSA and RSASSA-PSS families
/// (JWT-SVID §2.1, WIT-SVID §2.3). Aims issues ES256 and verifies ECDSA only; RS*/PS* are valid SVID
/// algorithms that this implementation refuses because it holds no RSA keys.
/// </summary>
public static class JwsAlgorithms
{
    public const string None = "none";
    public const string RS256 = "RS256";
    public const string RS384 = "RS384";
    public const string RS512 = "RS512";
    public const string ES256 = "ES256";
    public const string ES384 = "ES384";
    public const string ES512 = "ES512";
    public const string PS256 = "PS256";
    public const string PS384 = "PS384";
    public const string PS512 = "PS512";

    /// <summary>JWT-SVID §2.1: RFC 7518 §3.3 (RS*), §3.4 (ES*) and §3.5 (PS*); nothing else.</summary>
    public static bool IsAllowedForSvid([NotNullWhen(true)] string? alg) =>
        alg is RS256 or RS384 or RS512 or ES256 or ES384 or ES512 or PS256 or PS384 or PS512;

    /// <summary>True for the algorithms this implementation can verify: ECDSA (RFC 7518 §3.4).</summary>
    public static bool IsSupported([NotNullWhen(true)] string? alg) => alg is ES256 or ES384 or ES512;

    /// <summary>The ES* algorithm that matches a JWK curve name (RFC 7518 §3.4, §6.2.1.1).</summary>
    public static bool TryGetForCurve(string? crv, [NotNullWhen(true)] out string? alg)
    {
        alg = crv switch
        {
            "P-256" => ES256,
            "P-384" => ES384,
            "P-521" => ES512,
            _ => null,
        };
        return alg is not null;
    }

    /// <summary>
    /// Why <paramref name="alg"/> cannot be used for an SVID, or null when it can; <paramref name="where"/> names
    /// the member, e.g. "alg" or "cnf.jwk alg".
    /// </summary>
    public static string? DescribeRefusal(string alg, string where)
    {
        if (IsSupported(alg))
            return null;
        if (alg == None)
            return $"{where} 'none' is never accepted: SVIDs are signed (JWT-SVID §2.1, RFC 8725 §3.1)";
        if (alg.StartsWith("HS", StringComparison.Ordinal))
            return $"{where} '{alg}' is a symmetric (HMAC) algorithm and is never accepted (JWT-SVID §2.1)";
        if (IsAllowedForSvid(alg))
            return $"{where} '{alg}' is allowed by JWT-SVID §2.1 but not supported here: unsupported key type, " +
                   "only EC keys (ES256, ES384, ES512) are verified";
        return $"{where} '{alg}' is not allowed for SVIDs; use one of RS256 RS384 RS512 ES256 ES384 ES512 PS256 PS384 PS512 " +
               "(JWT-SVID §2.1)";
    }

    /// <summary>Hash, key size and IEEE P1363 signature length of an ES* algorithm (RFC 7518 §3.4).</summary>
    internal static bool TryGetEcdsaParameters(string alg, out HashAlgorithmName hash, out int keySizeBits, out int signatureBytes)
    {
        (hash, keySizeBits, signatureBytes) = alg switch
        {
            ES256 => (HashAlgorithmName.SHA256, 256, 64),
            ES384 => (HashAlgorithmName.SHA384, 384, 96),
            ES512 => (HashAlgorithmName.SHA512, 521, 132),
            _ => (default, 0, 0),
        };
        return keySizeBits != 0;
    }
}
