using Aims.Core.Attestation.Unix;

namespace Aims.Core.Attestation.Slsa;

/// <summary>
/// SLSA provenance a node agent found for a process it measured: the DSSE envelope (JSON text) is read, then verified by
/// <see cref="SlsaProvenanceVerifier"/> against the trusted builders and the process's measured binary digest (its
/// <c>unix:sha256:…</c> selector, which the node agent computed from the executable itself, never from the provenance).
/// </summary>
public static class ProcessProvenanceVerifier
{
    public static AttestationResult Verify(string envelopeJson, IReadOnlyList<TrustedBuilder> builders, IEnumerable<string> processSelectors)
    {
        ArgumentNullException.ThrowIfNull(envelopeJson);
        ArgumentNullException.ThrowIfNull(processSelectors);
        if (!DsseEnvelope.TryParse(envelopeJson, out var envelope, out var error))
            return AttestationResult.Refused($"{AttestationTypes.Slsa}.envelope", $"the provenance the node agent found is not a DSSE envelope: {error}");

        List<Sha256Digest> measured = [];
        foreach (var selector in processSelectors)
        {
            if (selector.StartsWith(UnixAttestor.Sha256Prefix, StringComparison.Ordinal)
                && Sha256Digest.TryParseHex(selector[UnixAttestor.Sha256Prefix.Length..], out var digest))
                measured.Add(digest);
        }

        return SlsaProvenanceVerifier.Verify(envelope, builders, measured);
    }
}
