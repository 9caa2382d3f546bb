using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Aims.Core.Attestation.Tpm;

/// <summary>
/// An attestation key (AK) an operator enrolled for an agent: its SubjectPublicKeyInfo (as <c>tpm2_createak -f pem</c>
/// or <c>tpm2_readpublic -f pem</c> write it), an EC P-256 or RSA (2048 to 4096 bits) key. Its id is the lowercase hex
/// SHA-256 of the SPKI DER, which is also its <c>tpm:ak:</c> selector. Optionally the PCR values (SHA-256 bank) its
/// quotes must show: a PCR that changed since enrolment means the measured boot chain changed.
/// </summary>
public sealed class TpmAttestationKey
{
    public const int MaxPemLength = 4096;

    private TpmAttestationKey(byte[] spki, bool isRsa, IReadOnlyDictionary<int, byte[]> allowedPcrs)
    {
        SubjectPublicKeyInfo = spki;
        IsRsa = isRsa;
        AllowedPcrs = allowedPcrs;
        Id = IdOf(spki);
    }

    /// <summary>Lowercase hex SHA-256 of the SubjectPublicKeyInfo DER.</summary>
    public string Id { get; }

    public byte[] SubjectPublicKeyInfo { get; }

    public bool IsRsa { get; }

    /// <summary>PCR index → the SHA-256 bank value each quote must show; empty when any value is accepted.</summary>
    public IReadOnlyDictionary<int, byte[]> AllowedPcrs { get; }

    public static string IdOf(ReadOnlySpan<byte> subjectPublicKeyInfo) => Convert.ToHexStringLower(SHA256.HashData(subjectPublicKeyInfo));

    /// <summary>Reads a PEM <c>PUBLIC KEY</c> (SPKI); refuses other key types and sizes with what to send instead.</summary>
    public static bool TryCreate(string? pem, IReadOnlyDictionary<int, byte[]>? allowedPcrs,
        [NotNullWhen(true)] out TpmAttestationKey? key, [NotNullWhen(false)] out string? error)
    {
        key = null;
        if (string.IsNullOrWhiteSpace(pem) || pem.Length > MaxPemLength)
        {
            error = $"the attestation key must be a PEM 'PUBLIC KEY' (SubjectPublicKeyInfo) of at most {MaxPemLength} characters, as tpm2_createak -f pem writes it";
            return false;
        }

        byte[] spki;
        try
        {
            var fields = PemEncoding.Find(pem);
            if (!pem.AsSpan()[fields.Label].SequenceEqual("PUBLIC KEY"))
            {
                error = $"the PEM label is '{pem[fields.Label]}'; send the AK's public key as 'PUBLIC KEY' (SubjectPublicKeyInfo)";
                return false;
            }

            spki = Convert.FromBase64String(pem[fields.Base64Data]);
        }
        catch (ArgumentException)
        {
            error = "the attestation key is not PEM; send the 'PUBLIC KEY' block tpm2_createak -f pem writes";
            return false;
        }

        return TryCreate(spki, allowedPcrs, out key, out error);
    }

    public static bool TryCreate(byte[] spki, IReadOnlyDictionary<int, byte[]>? allowedPcrs,
        [NotNullWhen(true)] out TpmAttestationKey? key, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(spki);
        key = null;
        if (!TryClassify(spki, out var isRsa, out error))
            return false;

        var pcrs = new SortedDictionary<int, byte[]>();
        foreach (var (index, value) in allowedPcrs ?? new Dictionary<int, byte[]>())
        {
            if (index is < 0 or > TpmConstants.MaxPcrIndex || value is not { Length: TpmConstants.Sha256Size })
            {
                error = $"allowed PCR {index}: indices are 0 to {TpmConstants.MaxPcrIndex} and values are SHA-256 bank digests of {TpmConstants.Sha256Size} bytes";
                return false;
            }

            pcrs[index] = value.ToArray();
        }

        key = new TpmAttestationKey(spki.ToArray(), isRsa, pcrs.AsReadOnly());
        return true;
    }

    /// <summary>Imports the key as ECDSA; null for an RSA key. The caller disposes it.</summary>
    public ECDsa? ImportEcdsa()
    {
        if (IsRsa)
            return null;
        var ecdsa = ECDsa.Create();
        ecdsa.ImportSubjectPublicKeyInfo(SubjectPublicKeyInfo, out _);
        return ecdsa;
    }

    /// <summary>Imports the key as RSA; null for an EC key. The caller disposes it.</summary>
    public RSA? ImportRsa()
    {
        if (!IsRsa)
            return null;
        var rsa = RSA.Create();
        rsa.ImportSubjectPublicKeyInfo(SubjectPublicKeyInfo, out _);
        return rsa;
    }

    private static bool TryClassify(byte[] spki, out bool isRsa, [NotNullWhen(false)] out string? error)
    {
        isRsa = false;
        try
        {
            using var ecdsa = ECDsa.Create();
            ecdsa.ImportSubjectPublicKeyInfo(spki, out var read);
            if (read != spki.Length || ecdsa.KeySize != 256)
            {
                error = $"the EC attestation key is {ecdsa.KeySize}-bit; only P-256 AKs are accepted (tpm2_createak -G ecc)";
                return false;
            }

            error = null;
            return true;
        }
        catch (CryptographicException)
        {
        }

        try
        {
            using var rsa = RSA.Create();
            rsa.ImportSubjectPublicKeyInfo(spki, out var read);
            if (read != spki.Length || rsa.KeySize is < 2048 or > 4096)
            {
                error = $"the RSA attestation key is {rsa.KeySize}-bit; 2048 to 4096 bits are accepted";
                return false;
            }

            isRsa = true;
            error = null;
            return true;
        }
        catch (CryptographicException)
        {
            error = "the attestation key is neither an EC P-256 nor an RSA SubjectPublicKeyInfo";
            return false;
        }
    }
}
