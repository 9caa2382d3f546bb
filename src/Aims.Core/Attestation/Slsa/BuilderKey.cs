using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Security;

namespace Aims.Core.Attestation.Slsa;

/// <summary>
/// A builder's public signing key, from a PEM <c>PUBLIC KEY</c> (SubjectPublicKeyInfo): ECDSA P-256 with SHA-256
/// (signatures DER, as openssl and cosign write them, or raw r‖s), or Ed25519 (RFC 8032, through BouncyCastle: the
/// BCL has none). Its id is the lowercase hex SHA-256 of the SPKI DER.
/// </summary>
public sealed class BuilderKey
{
    public const string EcdsaP256 = "ecdsa-p256-sha256";
    public const string Ed25519 = "ed25519";

    private readonly byte[] _spki;
    private readonly Ed25519PublicKeyParameters? _ed25519;

    private BuilderKey(byte[] spki, string algorithm, Ed25519PublicKeyParameters? ed25519)
    {
        _spki = spki;
        Algorithm = algorithm;
        _ed25519 = ed25519;
        Id = Convert.ToHexStringLower(SHA256.HashData(spki));
    }

    public string Id { get; }

    public string Algorithm { get; }

    public static bool TryParsePem(string? pem, [NotNullWhen(true)] out BuilderKey? key, [NotNullWhen(false)] out string? error)
    {
        key = null;
        byte[] spki;
        try
        {
            if (string.IsNullOrWhiteSpace(pem) || pem.Length > 4096)
                throw new ArgumentException("empty or too long");
            var fields = PemEncoding.Find(pem);
            if (!pem.AsSpan()[fields.Label].SequenceEqual("PUBLIC KEY"))
                throw new ArgumentException("label");
            spki = Convert.FromBase64String(pem[fields.Base64Data]);
        }
        catch (ArgumentException)
        {
            error = "the builder key must be a PEM 'PUBLIC KEY' block (SubjectPublicKeyInfo), e.g. from openssl pkey -pubout";
            return false;
        }

        try
        {
            using var ecdsa = ECDsa.Create();
            ecdsa.ImportSubjectPublicKeyInfo(spki, out var read);
            if (read == spki.Length && ecdsa.KeySize == 256)
            {
                key = new BuilderKey(spki, EcdsaP256, null);
                error = null;
                return true;
            }
        }
        catch (CryptographicException)
        {
        }

        try
        {
            if (PublicKeyFactory.CreateKey(spki) is Ed25519PublicKeyParameters ed25519)
            {
                key = new BuilderKey(spki, Ed25519, ed25519);
                error = null;
                return true;
            }
        }
        catch (Exception e) when (e is ArgumentException or InvalidCastException or IOException or SecurityUtilityException)
        {
        }

        error = "the builder key is neither an EC P-256 nor an Ed25519 public key";
        return false;
    }

    /// <summary>True when <paramref name="signature"/> is this key's signature over <paramref name="message"/>.</summary>
    public bool Verify(byte[] message, byte[] signature)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(signature);
        if (_ed25519 is not null)
        {
            if (signature.Length != Ed25519PublicKeyParameters.KeySize * 2)
                return false;
            var signer = new Ed25519Signer();
            signer.Init(false, _ed25519);
            signer.BlockUpdate(message, 0, message.Length);
            return signer.VerifySignature(signature);
        }

        using var ecdsa = ECDsa.Create();
        ecdsa.ImportSubjectPublicKeyInfo(_spki, out _);
        var format = signature.Length == 64 ? DSASignatureFormat.IeeeP1363FixedFieldConcatenation : DSASignatureFormat.Rfc3279DerSequence;
        try
        {
            return ecdsa.VerifyData(message, signature, HashAlgorithmName.SHA256, format);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
