using Aims.Core.Attestation.Tpm;

namespace Aims.Grains.Nodes;

/// <summary>
/// A node's TPM 2.0 quote over the cluster's fresh nonce (<see cref="INodeGrain.ChallengeAsync"/>), as the node agent
/// read it from tpm2-tools: the TPMS_ATTEST, its signature, the SHA-256 bank values of the quoted PCRs and the nonce.
/// </summary>
/// <param name="AkId">Lowercase hex SHA-256 of the AK's SubjectPublicKeyInfo, as enrolment returned it.</param>
[GenerateSerializer, Immutable, Alias("aims.NodeTpmQuote")]
public sealed record NodeTpmQuote(
    [property: Id(0)] string AkId,
    [property: Id(1)] byte[] Quote,
    [property: Id(2)] byte[] Signature,
    [property: Id(3)] IReadOnlyDictionary<int, byte[]> Pcrs,
    [property: Id(4)] byte[] Nonce)
{
    /// <summary>The form Core's <see cref="TpmQuoteVerifier"/> takes.</summary>
    public TpmQuoteEvidence ToEvidence() => new(Quote, Signature, Pcrs, Nonce);
}
