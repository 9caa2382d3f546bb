using Aims.Core.Attestation;
using Aims.Core.Attestation.Kubernetes;
using Aims.Core.Attestation.Oidc;
using Aims.Core.Attestation.Slsa;
using Aims.Core.Attestation.Tpm;
using Aims.Core.Identity;
using Aims.Grains;
using Aims.Grains.Attestation;
using Aims.Grains.JoinTokens;
using Aims.Grains.Tokens;

namespace Aims.Api.Attestation;

/// <summary>Per evidence type: look up what Core needs (enrolment, issuer keys, builders), call the Core attestor, spend what is single-use.</summary>
public sealed partial class EvidenceVerifier
{
    private async Task<(AttestationResult Result, SpiffeId? Agent)> VerifyJoinTokenAsync(JoinTokenItem item)
    {
        var redemption = await grains.GetGrain<IJoinTokenGrain>(GrainKeys.JoinToken(item.Token)).RedeemAsync();
        var agent = redemption.SpiffeId is null ? null : SpiffeId.Parse(redemption.SpiffeId);
        if (!redemption.Accepted || agent is null)
            return (AttestationResult.Refused("join_token.redeem", redemption.Reason ?? "the join token was not accepted"), agent);

        // Never the token: the first hex digits of its hash, which is also its grain key.
        var evidence = new AttestedEvidence(AttestationTypes.JoinToken, [], $"join token {GrainKeys.JoinToken(item.Token)[..16]}");
        return (AttestationResult.Verified(evidence), agent);
    }

    /// <summary>The AK must be enrolled (it names the agent); the quote must verify; then its nonce is spent, once.</summary>
    private Task<(AttestationResult Result, SpiffeId? Agent)> VerifyTpmAsync(TpmItem item) => TpmQuoteCheck.VerifyAsync(grains, item.KeyId, item.Quote);

    private async Task<AttestationResult> VerifyTokenAsync(TokenItem item, CancellationToken cancellationToken)
    {
        var iss = AttestationTokenValidator.ReadIssuer(item.Token);
        var kid = AttestationTokenValidator.ReadKeyId(item.Token);
        AttestationResult result;
        if (item.TokenType == AttestationTypes.KubernetesPsat)
        {
            if (iss is null || !trust.TryFindKubernetes(iss, out var cluster))
                return UntrustedIssuer(item.TokenType, iss, "Aims:Attestation:Kubernetes");
            var keys = await issuerKeys.GetAsync(cluster.Token.Keys, kid, cancellationToken);
            result = ProjectedTokenVerifier.Verify(item.Token, cluster, keys, time.GetUtcNow());
        }
        else
        {
            if (iss is null || !trust.TryFindOidc(iss, out var issuer))
                return UntrustedIssuer(item.TokenType, iss, "Aims:Attestation:Oidc");
            var keys = await issuerKeys.GetAsync(issuer.Token.Keys, kid, cancellationToken);
            result = OidcTokenVerifier.Verify(item.Token, issuer, keys, time.GetUtcNow());
        }

        if (result.IsVerified && result.Evidence.SingleUseId is { } jti && result.Evidence.SingleUseUntil is { } until)
        {
            // Namespaced by evidence type, so an attestation jti and a client-assertion jti never collide.
            var scope = $"{item.TokenType}|{iss}";
            if (!await grains.GetGrain<IReplayCacheGrain>(GrainKeys.ReplayShard(trustDomain, scope, jti)).TryUseAsync(scope, jti, until))
            {
                return AttestationResult.Refused($"{item.TokenType}.replay",
                    $"the token with jti '{jti}' was already presented; tokens of issuer '{iss}' attest once, present a fresh one");
            }
        }

        return result;
    }

    /// <summary>Provenance is checked against what verified items measured, narrowed to the one the caller names (never a digest it asserts).</summary>
    private AttestationResult VerifySlsa(SlsaItem item, IReadOnlyList<(string Selector, Sha256Digest Digest)> measured)
    {
        var chosen = measured;
        if (item.Measured is { } named)
        {
            chosen = [.. measured.Where(m => m.Selector == named || m.Digest.ToString() == named)];
            if (chosen.Count == 0)
            {
                return AttestationResult.Refused("slsa.measured",
                    $"'{named}' was not measured by another verified item of this request; measured: " +
                    (measured.Count == 0 ? "nothing" : string.Join(", ", measured.Select(m => m.Selector))));
            }
        }

        return SlsaProvenanceVerifier.Verify(item.Envelope, trust.Builders, [.. chosen.Select(m => m.Digest).Distinct()]);
    }

    private static AttestationResult UntrustedIssuer(string type, string? iss, string section) =>
        AttestationResult.Refused($"{type}.issuer", iss is null
            ? "the token is not a JWT with a string 'iss'"
            : $"issuer '{iss}' is not trusted for {type} evidence; an operator configures it under {section}");
}
