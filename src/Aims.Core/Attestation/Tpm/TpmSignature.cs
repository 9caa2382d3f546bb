using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Aims.Core.Attestation.Tpm;

/// <summary>
/// Verifies an AK's signature over a TPMS_ATTEST (the signed digest is SHA-256 of the raw structure). Reads both forms
/// <c>tpm2_quote</c> writes: the default TPMT_SIGNATURE (Part 2 §11.3.4: sigAlg, hashAlg, then ECDSA r and s or the RSA
/// signature as TPM2Bs) and <c>-f plain</c> (DER ECDSA, RFC 3279; raw PKCS#1 v1.5 for RSA).
/// </summary>
internal static class TpmSignature
{
    public const int MaxLength = 1024;

    public static bool Verify(TpmAttestationKey key, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature, [NotNullWhen(false)] out string? error)
    {
        if (signature.IsEmpty || signature.Length > MaxLength)
        {
            error = $"the signature must be 1 to {MaxLength} bytes";
            return false;
        }

        return key.IsRsa ? VerifyRsa(key, message, signature, out error) : VerifyEcdsa(key, message, signature, out error);
    }

    private static bool VerifyEcdsa(TpmAttestationKey key, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature, [NotNullWhen(false)] out string? error)
    {
        var fixedField = new byte[64];
        DSASignatureFormat format;
        ReadOnlySpan<byte> value;
        if (signature[0] == 0x30)
        {
            format = DSASignatureFormat.Rfc3279DerSequence;
            value = signature;
        }
        else if (TryReadTpmtEcdsa(signature, fixedField, out error))
        {
            format = DSASignatureFormat.IeeeP1363FixedFieldConcatenation;
            value = fixedField;
        }
        else
        {
            return false;
        }

        using var ecdsa = key.ImportEcdsa()!;
        try
        {
            if (ecdsa.VerifyData(message, value, HashAlgorithmName.SHA256, format))
            {
                error = null;
                return true;
            }
        }
        catch (CryptographicException)
        {
        }

        error = $"the signature does not verify with attestation key {key.Id}: the quote was not signed by that AK, or it was altered";
        return false;
    }

    private static bool VerifyRsa(TpmAttestationKey key, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature, [NotNullWhen(false)] out string? error)
    {
        using var rsa = key.ImportRsa()!;
        var modulusBytes = rsa.KeySize / 8;
        var value = signature;
        if (signature.Length == modulusBytes + 6)
        {
            // TPMT_SIGNATURE: u16 TPM_ALG_RSASSA, u16 TPM_ALG_SHA256, TPM2B signature.
            if (BinaryPrimitives.ReadUInt16BigEndian(signature) != TpmConstants.RsaSsa
                || BinaryPrimitives.ReadUInt16BigEndian(signature[2..]) != TpmConstants.Sha256
                || BinaryPrimitives.ReadUInt16BigEndian(signature[4..]) != modulusBytes)
            {
                error = "the TPMT_SIGNATURE is not RSASSA with SHA-256; quote with -g sha256 using an RSA AK created with -s rsassa";
                return false;
            }

            value = signature[6..];
        }
        else if (signature.Length != modulusBytes)
        {
            error = $"an RSA signature of this {rsa.KeySize}-bit AK is {modulusBytes} bytes (or {modulusBytes + 6} as TPMT_SIGNATURE); this one is {signature.Length}";
            return false;
        }

        if (rsa.VerifyData(message, value, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
        {
            error = null;
            return true;
        }

        error = $"the signature does not verify with attestation key {key.Id}: the quote was not signed by that AK, or it was altered";
        return false;
    }

    /// <summary>TPMT_SIGNATURE with ECDSA: u16 TPM_ALG_ECDSA, u16 TPM_ALG_SHA256, TPM2B r, TPM2B s; written as r‖s, left-padded to 32 bytes.</summary>
    private static bool TryReadTpmtEcdsa(ReadOnlySpan<byte> signature, Span<byte> rs, [NotNullWhen(false)] out string? error)
    {
        error = "the signature is neither DER ECDSA (tpm2_quote -f plain) nor an ECDSA/SHA-256 TPMT_SIGNATURE (the default)";
        if (signature.Length < 8 || BinaryPrimitives.ReadUInt16BigEndian(signature) != TpmConstants.Ecdsa
            || BinaryPrimitives.ReadUInt16BigEndian(signature[2..]) != TpmConstants.Sha256)
            return false;

        var rest = signature[4..];
        for (var part = 0; part < 2; part++)
        {
            if (rest.Length < 2)
                return false;
            var size = BinaryPrimitives.ReadUInt16BigEndian(rest);
            if (size is 0 or > 32 || rest.Length < 2 + size)
                return false;
            var target = rs.Slice(part * 32, 32);
            target.Clear();
            rest.Slice(2, size).CopyTo(target[(32 - size)..]);
            rest = rest[(2 + size)..];
        }

        if (!rest.IsEmpty)
            return false;
        error = null;
        return true;
    }
}
