using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace Aims.Core.Jose;

/// <summary>
/// Verifies a JWS with a public JWK of an outside issuer: ES256 and ES384 (RFC 7518 §3.4) with EC keys of the
/// matching curve, RS256 (§3.3) and PS256 (§3.5) with RSA keys. The key type must fit the algorithm, and a key that
/// states its <c>alg</c> (RFC 7517 §4.4) is used with that algorithm only, so no header can reinterpret a key.
/// The key is imported for one verification and disposed.
/// </summary>
internal static class JwkSignatureVerifier
{
    /// <summary>The algorithms this verifier accepts; never <c>none</c>, never HMAC (RFC 8725 §3.1).</summary>
    public static readonly IReadOnlyList<string> Algorithms =
        [JwsAlgorithms.ES256, JwsAlgorithms.ES384, JwsAlgorithms.RS256, JwsAlgorithms.PS256];

    public static bool IsVerifiable([NotNullWhen(true)] string? alg) =>
        alg is JwsAlgorithms.ES256 or JwsAlgorithms.ES384 or JwsAlgorithms.RS256 or JwsAlgorithms.PS256;

    /// <summary>Checks the signature of <paramref name="jws"/> with <paramref name="key"/>; on failure says why.</summary>
    public static bool Verify(ParsedJws jws, JsonWebKey key, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(jws);
        ArgumentNullException.ThrowIfNull(key);
        var alg = jws.Algorithm;
        if (!IsVerifiable(alg))
        {
            error = $"alg '{alg}' cannot be verified here";
            return false;
        }

        if (key.Alg is { } stated && stated != alg)
        {
            error = $"key '{key.Kid}' is published for alg '{stated}' only (RFC 7517 §4.4), but the header says '{alg}'";
            return false;
        }

        return alg is JwsAlgorithms.ES256 or JwsAlgorithms.ES384 ? VerifyEcdsa(jws, key, out error) : VerifyRsa(jws, key, out error);
    }

    private static bool VerifyEcdsa(ParsedJws jws, JsonWebKey key, [NotNullWhen(false)] out string? error)
    {
        var curve = jws.Algorithm == JwsAlgorithms.ES256 ? "P-256" : "P-384";
        if (key.Kty != "EC" || key.Crv != curve)
        {
            error = $"alg '{jws.Algorithm}' needs an EC {curve} key, but key '{key.Kid}' is {key.Kty} {key.Crv}".TrimEnd();
            return false;
        }

        using var ecdsa = key.ToECDsa();
        if (ecdsa is null)
        {
            error = $"key '{key.Kid}' could not be imported as an EC public key";
            return false;
        }

        return jws.VerifySignature(ecdsa, out error);
    }

    private static bool VerifyRsa(ParsedJws jws, JsonWebKey key, [NotNullWhen(false)] out string? error)
    {
        if (!RsaPublicKey.TryRead(key, out var parameters, out var keyError))
        {
            error = $"alg '{jws.Algorithm}' needs an RSA key, but key '{key.Kid}' is not one: {keyError}";
            return false;
        }

        using var rsa = RSA.Create();
        rsa.ImportParameters(parameters.Value);
        var signature = jws.Signature.Span;
        if (signature.Length != parameters.Value.Modulus!.Length)
        {
            error = $"an {jws.Algorithm} signature with key '{key.Kid}' is {parameters.Value.Modulus.Length} bytes, this one is {signature.Length}";
            return false;
        }

        // The signing input is BASE64URL(header) "." BASE64URL(payload): everything before the last '.' (RFC 7515 §5.1).
        var input = Encoding.ASCII.GetBytes(jws.Token, 0, jws.Token.LastIndexOf('.'));
        var padding = jws.Algorithm == JwsAlgorithms.PS256 ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1;
        if (rsa.VerifyData(input, signature, HashAlgorithmName.SHA256, padding))
        {
            error = null;
            return true;
        }

        error = $"the signature does not verify with key '{key.Kid}'";
        return false;
    }
}
