using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using Aims.Core.Jose;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace Aims.Core.Wimse;

/// <summary>
/// The public key a WIT confirms (<c>cnf.jwk</c>, RFC 7800 §3.2), ready to verify the proofs its holder signs:
/// ECDSA P-256/P-384/P-521 (ES256/ES384/ES512, RFC 7518 §3.4) through the BCL, or Ed25519 (EdDSA, RFC 8037 §3.1)
/// through BouncyCastle, since the BCL has none. The JWK's <c>alg</c> is required and is the only algorithm the key
/// verifies (draft-ietf-wimse-workload-creds §3: "The presented proof MUST be produced with the algorithm specified
/// in this field"); never <c>none</c>, never a symmetric algorithm. Imported once: keep it with the WIT it came from.
/// Thread-safe.
/// </summary>
public sealed class ProofKey : IDisposable
{
    public const string EdDsa = "EdDSA";

    private const int Ed25519KeyBytes = 32;
    private const int Ed25519SignatureBytes = 64;

    private readonly ECDsa? _ecdsa;
    private readonly Ed25519PublicKeyParameters? _ed25519;

    private ProofKey(JsonWebKey jwk, ECDsa? ecdsa, Ed25519PublicKeyParameters? ed25519)
    {
        Jwk = jwk;
        _ecdsa = ecdsa;
        _ed25519 = ed25519;
    }

    /// <summary>The confirmation key's <c>alg</c>: what the WPT header's <c>alg</c> must string-equal (draft-ietf-wimse-wpt §2, rule 3).</summary>
    public string Algorithm => Jwk.Alg!;

    /// <summary>The public JWK, with its <c>alg</c>.</summary>
    public JsonWebKey Jwk { get; }

    /// <summary>Reads a public confirmation key; on failure, says what is wrong with it.</summary>
    public static bool TryCreate(JsonWebKey jwk, [NotNullWhen(true)] out ProofKey? key, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(jwk);
        key = null;
        if (JwkPrivateMembers.FirstIn(jwk) is { } member)
            return Fail($"'cnf.jwk' must be a public key but has the private member '{member}'", out error);
        if (string.IsNullOrEmpty(jwk.Alg))
            return Fail("'cnf.jwk' must carry 'alg', the one algorithm its proofs use (draft-ietf-wimse-workload-creds §3)", out error);
        if (DescribeRefusal(jwk.Alg) is { } refusal)
            return Fail(refusal, out error);

        if (jwk.Alg == EdDsa)
        {
            if (jwk.Kty != "OKP" || jwk.Crv != "Ed25519")
                return Fail($"'cnf.jwk' alg EdDSA needs an OKP Ed25519 key (RFC 8037 §2), not kty '{jwk.Kty}' crv '{jwk.Crv}'", out error);
            if (!Base64Url.TryDecode(jwk.X ?? string.Empty, out var x) || x.Length != Ed25519KeyBytes)
                return Fail("'cnf.jwk' x must be the 32-byte Ed25519 public key in base64url (RFC 8037 §2)", out error);

            key = new ProofKey(Public(jwk), null, new Ed25519PublicKeyParameters(x));
            error = null;
            return true;
        }

        if (jwk.Kty != "EC" || !JwsAlgorithms.TryGetForCurve(jwk.Crv, out var curveAlg))
            return Fail($"'cnf.jwk' alg {jwk.Alg} needs an EC key on P-256, P-384 or P-521 (kty '{jwk.Kty}', crv '{jwk.Crv}')", out error);
        if (curveAlg != jwk.Alg)
            return Fail($"'cnf.jwk' alg '{jwk.Alg}' does not match its curve {jwk.Crv} ({curveAlg})", out error);
        if (!EcPublicKey.IsValid(jwk.Crv, jwk.X, jwk.Y) || jwk.ToECDsa() is not { } ecdsa)
            return Fail("'cnf.jwk' is not a valid EC public key (x, y must be base64url points on its curve)", out error);

        key = new ProofKey(Public(jwk), ecdsa, null);
        error = null;
        return true;
    }

    /// <summary>
    /// Why <paramref name="alg"/> cannot sign a proof, or null when it can: <c>none</c>, HMAC, encryption or unknown
    /// algorithms are refused (workload-creds §3, RFC 8725 §3.1); RSA is valid JOSE but not verified here.
    /// </summary>
    public static string? DescribeRefusal(string alg)
    {
        ArgumentNullException.ThrowIfNull(alg);
        if (alg is EdDsa || JwsAlgorithms.IsSupported(alg))
            return null;
        if (alg == JwsAlgorithms.None)
            return "alg 'none' is never accepted: a proof must be signed (draft-ietf-wimse-workload-creds §3, RFC 8725 §3.1)";
        if (alg.StartsWith("HS", StringComparison.Ordinal))
            return $"alg '{alg}' is a symmetric (HMAC) algorithm and is never accepted for a proof of possession (draft-ietf-wimse-workload-creds §3)";
        return $"alg '{alg}' is not accepted for a proof of possession; use ES256 (the WIMSE default), ES384, ES512 or EdDSA";
    }

    /// <summary>Verifies <paramref name="jws"/>'s signature; the header's <c>alg</c> must already equal <see cref="Algorithm"/>.</summary>
    public bool Verify(ParsedJws jws, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(jws);
        if (jws.Algorithm != Algorithm)
        {
            error = $"alg '{jws.Algorithm}' is not the confirmation key's alg '{Algorithm}'";
            return false;
        }

        if (_ecdsa is not null)
        {
            if (jws.VerifySignature(_ecdsa, out error))
                return true;
            error = "the signature does not verify with the WIT's confirmation key (cnf.jwk)";
            return false;
        }

        var signature = jws.Signature.Span;
        if (signature.Length != Ed25519SignatureBytes)
        {
            error = $"an EdDSA (Ed25519) signature is {Ed25519SignatureBytes} bytes, this one is {signature.Length}";
            return false;
        }

        // The signing input is BASE64URL(header) "." BASE64URL(payload), ASCII (RFC 7515 §5.1).
        var input = Encoding.ASCII.GetBytes(jws.Token, 0, jws.Token.LastIndexOf('.'));
        var verifier = new Ed25519Signer();
        verifier.Init(forSigning: false, _ed25519);
        verifier.BlockUpdate(input, 0, input.Length);
        if (verifier.VerifySignature(signature.ToArray()))
        {
            error = null;
            return true;
        }

        error = "the signature does not verify with the WIT's confirmation key (cnf.jwk)";
        return false;
    }

    public void Dispose() => _ecdsa?.Dispose();

    private static JsonWebKey Public(JsonWebKey jwk) => new() { Kty = jwk.Kty, Crv = jwk.Crv, X = jwk.X, Y = jwk.Y, Alg = jwk.Alg };

    private static bool Fail(string text, out string? error)
    {
        error = text;
        return false;
    }
}
