using Aims.Core.Attestation;
using Aims.Core.Attestation.Tpm;
using Aims.Core.Identity;

namespace Aims.Grains.Attestation;

/// <summary>
/// One TPM quote checked the one way, whoever receives it (<c>POST /v1/attest</c>, a node agent): the AK must be
/// enrolled (enrolment names the agent), Core's <see cref="TpmQuoteVerifier"/> must accept the quote, and only then is
/// the challenge nonce spent, once.
/// </summary>
public static class TpmQuoteCheck
{
    /// <returns>The verdict and the agent the enrolled AK belongs to (null when the AK is not enrolled).</returns>
    public static async Task<(AttestationResult Result, SpiffeId? Agent)> VerifyAsync(IGrainFactory grains, string keyId, TpmQuoteEvidence quote)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(quote);
        var enrolled = await grains.GetGrain<ITpmKeyGrain>(GrainKeys.TpmKey(keyId)).GetAsync();
        if (enrolled is null)
        {
            return (AttestationResult.Refused("tpm.key",
                $"attestation key {keyId} is not enrolled; an operator enrols it first (POST /v1/agents/{{id}}/tpm-keys)"), null);
        }

        var agent = SpiffeId.Parse(enrolled.SpiffeId);
        if (!TpmAttestationKey.TryCreate(enrolled.SubjectPublicKeyInfo, enrolled.AllowedPcrs, out var key, out var error))
            throw new InvalidOperationException($"The enrolment of attestation key {keyId} no longer reads: {error}");

        var result = TpmQuoteVerifier.Verify(quote, key);
        if (!result.IsVerified)
            return (result, agent);

        var redemption = await grains.GetGrain<IAttestationChallengeGrain>(GrainKeys.AttestationChallenge(quote.Nonce)).RedeemAsync();
        return redemption.Accepted
            ? (result, agent)
            : (AttestationResult.Refused("tpm.challenge", redemption.Reason ?? "the nonce was not accepted"), agent);
    }
}
