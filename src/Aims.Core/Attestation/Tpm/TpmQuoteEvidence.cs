namespace Aims.Core.Attestation.Tpm;

/// <summary>
/// What a TPM-holding agent presents: the TPMS_ATTEST its TPM produced (<c>tpm2_quote -m</c>), the signature over it
/// (<c>-s</c>, TPMT_SIGNATURE or, with <c>-f plain</c>, DER ECDSA / raw PKCS#1), the SHA-256 bank values of the quoted
/// PCRs (<c>tpm2_pcrread</c>), and the challenge nonce it quoted.
/// </summary>
public sealed record TpmQuoteEvidence(byte[] Quote, byte[] Signature, IReadOnlyDictionary<int, byte[]> Pcrs, byte[] Nonce);
