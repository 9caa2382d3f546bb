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
    /// <returns>The validated grant and its issuer; or the <c>invalid_grant</c> to answer with, and the <c>iss</c> it claimed if it got that far.</returns>
    public static async Task<(ValidatedJwtAuthorizationGrant? Grant, TrustedIssuer? Issuer, OAuthError? Error, string? ClaimedIssuer)> ReadAsync(
        string assertion, TrustedIssuerKeys keys, AuthorizationServerIssuer issuer, IGrainFactory grains, TrustDomain trustDomain,
        TimeProvider time, CancellationToken cancellationToken)
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

        // RFC 7523 §3 item 7: the shard remembers (iss, jti) until the assertion expires, so a grant is used once.
        var grant = result.Value;
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
