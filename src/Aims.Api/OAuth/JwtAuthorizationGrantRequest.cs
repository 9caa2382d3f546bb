using Aims.Core.Identity;
using Aims.Core.OAuth;
using Aims.Grains;
using Aims.Grains.Tokens;

namespace Aims.Api.OAuth;

/// <summary>
/// Checks the <c>assertion</c> of an RFC 7523 §2.1 jwt-bearer request: a trusted issuer, its keys (fetched if need
/// be), every rule of RFC 7523 §3 (in Core), then single use through the cluster-wide replay cache. The policy
/// decision comes after, in the grant issuer grain.
/// </summary>
internal static class JwtAuthorizationGrantRequest
{
    /// <param name="requiredSubject">
    /// The authenticated client the grant must have been issued to (its <c>sub</c>), checked before the grant is used up
    /// so that someone else's presentation does not consume it; null when any subject may be asserted.
    /// </param>
    /// <returns>The validated grant and its issuer; or the <c>invalid_grant</c> to answer with, and the <c>iss</c> it claimed if it got that far.</returns>
    public static async Task<(ValidatedJwtAuthorizationGrant? Grant, TrustedIssuer? Issuer, OAuthError? Error, string? ClaimedIssuer)> ReadAsync(
        string assertion, TrustedIssuerKeys keys, AuthorizationServerIssuer issuer, IGrainFactory grains, TrustDomain trustDomain,
        TimeProvider time, SpiffeId? requiredSubject, CancellationToken cancellationToken)
    {
        var signer = JwtAuthorizationGrantValidator.ReadSigner(assertion);
        if (!signer.IsSuccess)
            return (null, null, signer.Error, null);

        var claimed = signer.Value.Issuer;
        if (!keys.Issuers.TryFind(claimed, out var trusted))
        {
            return (null, null, OAuthError.InvalidGrant(
                $"assertion rejected: issuer '{claimed}' is not trusted by this server (RFC 7523 §3 item 1); an operator lists trusted issuers in Aims:OAuth:TrustedIssuers"), claimed);
        }

        var keySet = await keys.GetAsync(trusted, signer.Value.KeyId, cancellationToken);
        if (keySet is null)
        {
            return (null, trusted, OAuthError.InvalidGrant(
                $"assertion rejected: the keys of trusted issuer '{claimed}' could not be fetched from its jwks_uri, so no signature can be checked; try again later"), claimed);
        }

        var result = JwtAuthorizationGrantValidator.Validate(assertion, new JwtAuthorizationGrantContext(trusted, keySet, issuer.AssertionAudiences), time.GetUtcNow());
        if (!result.IsSuccess)
            return (null, trusted, result.Error, claimed);

        var grant = result.Value;
        if (requiredSubject is not null && grant.Subject != requiredSubject)
        {
            return (null, trusted, OAuthError.InvalidGrant(
                $"assertion rejected: the grant was issued to {grant.Subject}, but the authenticated client is {requiredSubject}; "
                + "a partner agent presents only a grant whose sub is its own SPIFFE ID"), claimed);
        }

        // RFC 7523 §3 item 7: the shard remembers (iss, jti) until the assertion expires, so a grant is used once.
        var fresh = await grains.GetGrain<IReplayCacheGrain>(GrainKeys.ReplayShard(trustDomain, grant.Issuer, grant.Jti))
            .TryUseAsync(grant.Issuer, grant.Jti, grant.ReplayWindowEnd);
        if (!fresh)
        {
            return (null, trusted, OAuthError.InvalidGrant(
                $"assertion jti '{grant.Jti}' of issuer '{grant.Issuer}' was already used; a JWT authorization grant is single-use (RFC 7523 §3 item 7), ask the issuer for a new one"), claimed);
        }

        return (grant, trusted, null, claimed);
    }
}
