namespace Aims.Core.Attestation.Slsa;

/// <summary>
/// Verifies SLSA provenance in a DSSE envelope against the trusted builders and what was measured of the workload:
/// the payload is an in-toto Statement (<c>application/vnd.in-toto+json</c>); a trusted builder key signed its DSSE
/// pre-authentication encoding; the predicate is SLSA provenance v1 (or v0.2); the builder id is one that key may
/// vouch for; and a subject's SHA-256 digest equals a digest another verified attestor measured (an image digest, a
/// process binary's hash). The measured digests never come from the presenter of the provenance.
/// </summary>
public static class SlsaProvenanceVerifier
{
    private const string Type = AttestationTypes.Slsa;

    /// <param name="measured">Digests other attestors verified in the same attestation; provenance must describe one.</param>
    public static AttestationResult Verify(DsseEnvelope envelope, IReadOnlyList<TrustedBuilder> builders, IReadOnlyCollection<Sha256Digest> measured)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        ArgumentNullException.ThrowIfNull(builders);
        ArgumentNullException.ThrowIfNull(measured);

        if (envelope.PayloadType != SlsaConstants.InTotoPayloadType)
            return Refuse("payload-type", $"payloadType is '{envelope.PayloadType}'; in-toto provenance is '{SlsaConstants.InTotoPayloadType}'");

        var signer = FindSigner(envelope, builders);
        if (signer is null)
        {
            return Refuse("signature", builders.Count == 0
                ? "no builder keys are trusted (Aims:Attestation:Slsa:Builders); provenance cannot be verified"
                : "no signature verifies with a trusted builder key: the provenance is forged, altered, or signed by an untrusted builder");
        }

        if (!InTotoStatement.TryParse(envelope.Payload, out var statement, out var error))
            return Refuse("statement", error);
        if (statement.PredicateType is not (SlsaConstants.ProvenanceV1 or SlsaConstants.ProvenanceV02))
            return Refuse("predicate-type", $"predicateType is '{statement.PredicateType}'; expected {SlsaConstants.ProvenanceV1} (or {SlsaConstants.ProvenanceV02})");

        var builderId = SlsaProvenance.BuilderId(statement);
        if (builderId is null)
            return Refuse("builder", "the provenance names no builder id (runDetails.builder.id)");
        if (!signer.BuilderIds.Contains(builderId, StringComparer.Ordinal))
        {
            return Refuse("builder",
                $"builder '{builderId}' is not one builder key {signer.Key.Id} may vouch for; allowed: {string.Join(", ", signer.BuilderIds)}");
        }

        if (measured.Count == 0)
            return Refuse("measured", "no other evidence measured a digest of the workload (e.g. a k8s_psat token carrying image digests) to check the provenance against");
        var match = statement.SubjectDigests.FirstOrDefault(measured.Contains);
        if (match is null)
        {
            return Refuse("subject",
                $"no subject digest equals a measured digest; measured: {string.Join(", ", measured)}; the provenance describes: " +
                (statement.SubjectDigests.Count == 0 ? "no sha256 digests" : string.Join(", ", statement.SubjectDigests)));
        }

        List<string> selectors = [SlsaSelectors.Builder(builderId)];
        if (SlsaProvenance.Source(statement) is { } source)
            selectors.Add(SlsaSelectors.Source(source));
        return AttestationResult.Verified(new AttestedEvidence(Type, selectors, $"builder {builderId} (key {signer.Key.Id}) for {match}"));
    }

    /// <summary>DSSE protocol.md: a signature verifies over PAE(payloadType, payload) with a key its keyid hint allows.</summary>
    private static TrustedBuilder? FindSigner(DsseEnvelope envelope, IReadOnlyList<TrustedBuilder> builders)
    {
        var pae = envelope.PreAuthenticationEncoding();
        foreach (var signature in envelope.Signatures)
        {
            foreach (var builder in builders)
            {
                if (builder.MayHaveSigned(signature.KeyId) && builder.Key.Verify(pae, signature.Signature))
                    return builder;
            }
        }

        return null;
    }

    private static AttestationResult Refuse(string check, string detail) => AttestationResult.Refused($"{Type}.{check}", detail);
}
