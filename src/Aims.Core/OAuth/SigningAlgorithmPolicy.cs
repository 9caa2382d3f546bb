using Aims.Core.Jose;

namespace Aims.Core.OAuth;

/// <summary>
/// The JWS algorithms OAuth JWTs may use here: ES256, ES384 and ES512 (RFC 7518 §3.4). Never <c>none</c>
/// (RFC 9068 §2.1, RFC 8414 §2) and never HMAC: the keys are public, so a symmetric alg would let anyone holding
/// the JWKS forge tokens (RFC 8725 §2.1, §3.1).
/// </summary>
internal static class SigningAlgorithmPolicy
{
    public static readonly IReadOnlyList<string> Supported = [JwsAlgorithms.ES256, JwsAlgorithms.ES384, JwsAlgorithms.ES512];

    /// <summary>Why <paramref name="alg"/> is refused for <paramref name="what"/> (e.g. "access token"), or null when accepted.</summary>
    public static string? DescribeRefusal(string alg, string what)
    {
        if (JwsAlgorithms.IsSupported(alg))
            return null;
        if (alg == JwsAlgorithms.None)
            return $"alg 'none' is never accepted: a {what} must be signed (RFC 8725 §3.1)";
        if (alg.StartsWith("HS", StringComparison.Ordinal))
            return $"alg '{alg}' is a symmetric (HMAC) algorithm and is never accepted for a {what}; sign with ES256 (RFC 8725 §3.1)";
        return $"alg '{alg}' is not accepted for a {what}; sign with ES256, ES384 or ES512 (RFC 7518 §3.4)";
    }
}
