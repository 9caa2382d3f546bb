using System.Security.Cryptography;

namespace Aims.Core.Attestation.Tpm;

/// <summary>
/// Verifies a TPM 2.0 quote against an enrolled attestation key and the challenge nonce, in order: the structure is a
/// TPM-generated quote, the AK signed it, its qualifying data is the nonce, it selects exactly the SHA-256 PCRs that
/// were sent and its digest is theirs, and the PCRs the enrolment pins still hold their values. Freshness comes from
/// the nonce, which the caller must also have issued and consume once. Pure: no clock, no I/O.
/// </summary>
public static class TpmQuoteVerifier
{
    private const string Type = AttestationTypes.Tpm;

    public static AttestationResult Verify(TpmQuoteEvidence evidence, TpmAttestationKey key)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        ArgumentNullException.ThrowIfNull(key);

        if (!TpmQuote.TryParse(evidence.Quote, out var quote, out var error))
            return Refuse("quote", error);
        if (!TpmSignature.Verify(key, evidence.Quote, evidence.Signature, out error))
            return Refuse("signature", error);
        if (!CryptographicOperations.FixedTimeEquals(quote.ExtraData, evidence.Nonce))
            return Refuse("nonce", "the quote's qualifying data is not the challenge nonce; quote again with the nonce of POST /v1/attest/challenge (tpm2_quote -q)");

        if (CheckPcrs(quote, evidence.Pcrs) is { } pcrRefusal)
            return pcrRefusal;
        if (CheckPinnedPcrs(key, evidence.Pcrs) is { } pinRefusal)
            return pinRefusal;

        List<string> selectors = [TpmSelectors.AttestationKey(key.Id)];
        selectors.AddRange(evidence.Pcrs.OrderBy(p => p.Key).Select(p => TpmSelectors.Pcr(p.Key, p.Value)));
        return AttestationResult.Verified(new AttestedEvidence(Type, selectors, $"ak {key.Id}"));
    }

    /// <summary>One SHA-256 bank whose selection is exactly the PCRs sent, and a digest that is theirs (Part 3 §18.4.1).</summary>
    private static AttestationResult? CheckPcrs(TpmQuote quote, IReadOnlyDictionary<int, byte[]> pcrs)
    {
        if (quote.Selections.Count != 1 || quote.Selections[0].HashAlgorithm != TpmConstants.Sha256)
            return Refuse("pcr-bank", "the quote must select PCRs of exactly one bank, sha256 (tpm2_quote -l sha256:…)");

        var selected = quote.Selections[0].Indices;
        if (selected.Count == 0)
            return Refuse("pcr-selection", "the quote selects no PCRs; quote at least one (tpm2_quote -l sha256:0,1,…)");
        if (!selected.SequenceEqual(pcrs.Keys.Order()))
        {
            return Refuse("pcr-selection",
                $"the quote selects PCRs {string.Join(',', selected)} but values were sent for {string.Join(',', pcrs.Keys.Order())}; send exactly the quoted PCRs");
        }

        var concatenated = new byte[selected.Count * TpmConstants.Sha256Size];
        for (var i = 0; i < selected.Count; i++)
        {
            var value = pcrs[selected[i]];
            if (value.Length != TpmConstants.Sha256Size)
                return Refuse("pcr-selection", $"PCR {selected[i]} must be a {TpmConstants.Sha256Size}-byte SHA-256 bank value");
            value.CopyTo(concatenated, i * TpmConstants.Sha256Size);
        }

        return CryptographicOperations.FixedTimeEquals(SHA256.HashData(concatenated), quote.PcrDigest)
            ? null
            : Refuse("pcr-digest", "the PCR values sent are not the ones the TPM quoted (their SHA-256 differs from pcrDigest); read them right after quoting");
    }

    /// <summary>The values an operator pinned at enrolment: a changed one means a changed boot chain.</summary>
    private static AttestationResult? CheckPinnedPcrs(TpmAttestationKey key, IReadOnlyDictionary<int, byte[]> pcrs)
    {
        foreach (var (index, expected) in key.AllowedPcrs)
        {
            if (!pcrs.TryGetValue(index, out var actual))
                return Refuse("pcr-policy", $"the enrolment of attestation key {key.Id} pins PCR {index}; include it in the quote");
            if (!CryptographicOperations.FixedTimeEquals(actual, expected))
            {
                return Refuse("pcr-policy",
                    $"PCR {index} is {Convert.ToHexStringLower(actual)}, but the enrolment of attestation key {key.Id} allows only {Convert.ToHexStringLower(expected)}: the measured state changed");
            }
        }

        return null;
    }

    private static AttestationResult Refuse(string check, string detail) => AttestationResult.Refused($"{Type}.{check}", detail);
}
