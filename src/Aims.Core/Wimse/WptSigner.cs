using System.Security.Cryptography;
using Aims.Core.Jose;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace Aims.Core.Wimse;

/// <summary>
/// A workload's private key for signing its proofs: ECDSA P-256/P-384/P-521 (ES256/ES384/ES512) or Ed25519 (EdDSA,
/// through BouncyCastle). <see cref="PublicJwk"/> is what the workload sends as <c>jwk</c> when it asks for a WIT, so
/// that the WIT's <c>cnf.jwk.alg</c> matches the proofs this signer makes.
/// </summary>
public sealed class WptSigner
{
    private readonly ECDsa? _ecdsa;
    private readonly Ed25519PrivateKeyParameters? _ed25519;

    private WptSigner(string algorithm, JsonWebKey publicJwk, ECDsa? ecdsa, Ed25519PrivateKeyParameters? ed25519)
    {
        Algorithm = algorithm;
        PublicJwk = publicJwk;
        _ecdsa = ecdsa;
        _ed25519 = ed25519;
    }

    public string Algorithm { get; }

    public JsonWebKey PublicJwk { get; }

    /// <summary>Signs with an EC key the caller owns (and disposes); the algorithm follows its curve.</summary>
    public static WptSigner FromECDsa(ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var jwk = JsonWebKey.FromECDsa(key);
        if (!JwsAlgorithms.TryGetForCurve(jwk.Crv, out var alg))
            throw new ArgumentException($"Curve {jwk.Crv} has no JWS algorithm.", nameof(key));
        return new WptSigner(alg, jwk with { Alg = alg }, key, null);
    }

    /// <summary>Signs with an Ed25519 private key: its 32-byte seed, the JWK's <c>d</c> (RFC 8037 §2).</summary>
    public static WptSigner FromEd25519(ReadOnlySpan<byte> privateKey)
    {
        if (privateKey.Length != Ed25519PrivateKeyParameters.KeySize)
            throw new ArgumentException($"An Ed25519 private key is {Ed25519PrivateKeyParameters.KeySize} bytes.", nameof(privateKey));
        var key = new Ed25519PrivateKeyParameters(privateKey.ToArray());
        var jwk = new JsonWebKey { Kty = "OKP", Crv = "Ed25519", X = Base64Url.Encode(key.GeneratePublicKey().GetEncoded()), Alg = ProofKey.EdDsa };
        return new WptSigner(ProofKey.EdDsa, jwk, null, key);
    }

    /// <summary>The JWS signature of <paramref name="signingInput"/>: IEEE P1363 r‖s for ECDSA (RFC 7518 §3.4), 64 bytes for Ed25519.</summary>
    internal byte[] Sign(byte[] signingInput)
    {
        if (_ecdsa is not null)
        {
            JwsAlgorithms.TryGetEcdsaParameters(Algorithm, out var hash, out _, out _);
            return _ecdsa.SignData(signingInput, hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }

        var signer = new Ed25519Signer();
        signer.Init(forSigning: true, _ed25519);
        signer.BlockUpdate(signingInput, 0, signingInput.Length);
        return signer.GenerateSignature();
    }
}
