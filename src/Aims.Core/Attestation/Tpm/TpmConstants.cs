namespace Aims.Core.Attestation.Tpm;

/// <summary>The TPM 2.0 constants a quote verifier needs (TPM 2.0 Library Part 2: Structures). All big-endian on the wire.</summary>
internal static class TpmConstants
{
    /// <summary>TPM_GENERATED_VALUE (Part 2 §6.2): the TPM made this structure, it is not outside data it was asked to sign.</summary>
    public const uint Generated = 0xff544347;

    /// <summary>TPM_ST_ATTEST_QUOTE (Part 2 §6.9).</summary>
    public const ushort AttestQuote = 0x8018;

    /// <summary>TPM_ALG_SHA256 (Part 2 §6.3).</summary>
    public const ushort Sha256 = 0x000b;

    /// <summary>TPM_ALG_RSASSA: PKCS#1 v1.5 signature scheme.</summary>
    public const ushort RsaSsa = 0x0014;

    /// <summary>TPM_ALG_ECDSA.</summary>
    public const ushort Ecdsa = 0x0018;

    /// <summary>PCRs 0-23 of a PC Client TPM; a selection bitmap is at most this many bits.</summary>
    public const int MaxPcrIndex = 23;

    public const int Sha256Size = 32;

    /// <summary>TPM2B_DATA holds at most 64 bytes (sizeof(TPMT_HA)); tpm2-tools refuses 65.</summary>
    public const int MaxQualifyingData = 64;
}
