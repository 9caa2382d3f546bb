using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Aims.Core.Tests.Attestation.Tpm;

/// <summary>
/// Writes TPMS_ATTEST quote structures byte for byte as TPM 2.0 Part 2 §10.12 lays them out (and as swtpm produced
/// them in the de-risk run), and signs them the two ways tpm2_quote writes signatures. The real-TPM path is covered
/// by the swtpm test in Aims.Api.Tests; these unit tests need structures they can bend one field at a time.
/// </summary>
internal static class TpmQuoteBuilder
{
    public const uint Generated = 0xff544347;
    public const ushort AttestQuote = 0x8018;
    public const ushort Sha256 = 0x000b;
    public const ushort Sha1 = 0x0004;

    public static byte[] Quote(
        byte[] nonce, IReadOnlyDictionary<int, byte[]> pcrs, uint magic = Generated, ushort type = AttestQuote, ushort bank = Sha256,
        IEnumerable<int>? selected = null, byte[]? digest = null, byte[]? trailing = null)
    {
        var indices = (selected ?? pcrs.Keys).Order().ToList();
        var bitmap = new byte[3];
        foreach (var i in indices)
            bitmap[i / 8] |= (byte)(1 << (i % 8));
        digest ??= SHA256.HashData(indices.SelectMany(i => pcrs[i]).ToArray());

        var bytes = new List<byte>();
        U32(bytes, magic);
        U16(bytes, type);
        U16(bytes, 34);
        U16(bytes, Sha256);
        bytes.AddRange(RandomNumberGenerator.GetBytes(32)); // qualifiedSigner digest
        U16(bytes, (ushort)nonce.Length);
        bytes.AddRange(nonce);
        U64(bytes, 123_456); // clock
        U32(bytes, 1); // resetCount
        U32(bytes, 0); // restartCount
        bytes.Add(1); // safe
        U64(bytes, 0x2019102300163636); // firmwareVersion (swtpm's)
        U32(bytes, 1);
        U16(bytes, bank);
        bytes.Add((byte)bitmap.Length);
        bytes.AddRange(bitmap);
        U16(bytes, (ushort)digest.Length);
        bytes.AddRange(digest);
        if (trailing is not null)
            bytes.AddRange(trailing);
        return [.. bytes];
    }

    /// <summary><c>tpm2_quote -f plain</c> with an ECC AK: DER SEQUENCE { r, s }.</summary>
    public static byte[] SignDer(ECDsa ak, byte[] quote) =>
        ak.SignData(quote, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

    /// <summary>The default TPMT_SIGNATURE with an ECC AK: TPM_ALG_ECDSA, TPM_ALG_SHA256, TPM2B r, TPM2B s.</summary>
    public static byte[] SignTpmt(ECDsa ak, byte[] quote)
    {
        var rs = ak.SignData(quote, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        var bytes = new List<byte>();
        U16(bytes, 0x0018);
        U16(bytes, Sha256);
        U16(bytes, 32);
        bytes.AddRange(rs[..32]);
        U16(bytes, 32);
        bytes.AddRange(rs[32..]);
        return [.. bytes];
    }

    /// <summary>An RSA AK: raw PKCS#1 v1.5 (-f plain), or wrapped as TPMT_SIGNATURE (TPM_ALG_RSASSA, SHA-256, TPM2B).</summary>
    public static byte[] SignRsa(RSA ak, byte[] quote, bool tpmt)
    {
        var raw = ak.SignData(quote, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        if (!tpmt)
            return raw;
        var bytes = new List<byte>();
        U16(bytes, 0x0014);
        U16(bytes, Sha256);
        U16(bytes, (ushort)raw.Length);
        bytes.AddRange(raw);
        return [.. bytes];
    }

    public static Dictionary<int, byte[]> Pcrs(params int[] indices) =>
        indices.ToDictionary(i => i, i => SHA256.HashData(BitConverter.GetBytes(i)));

    private static void U16(List<byte> bytes, ushort value)
    {
        Span<byte> b = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(b, value);
        bytes.AddRange(b.ToArray());
    }

    private static void U32(List<byte> bytes, uint value)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(b, value);
        bytes.AddRange(b.ToArray());
    }

    private static void U64(List<byte> bytes, ulong value)
    {
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(b, value);
        bytes.AddRange(b.ToArray());
    }
}
