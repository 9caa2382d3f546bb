using Aims.Api.Bundles;
using Aims.Api.Security;
using Aims.Core.Identity;
using Aims.Core.OAuth;
using Aims.Grains;
using Aims.Grains.Tokens;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;

namespace Aims.Api.OAuth;

/// <summary>
/// Client authentication for the token, introspection and revocation endpoints. Agents never hold a client
/// secret: they present their JWT-SVID as a client assertion (RFC 7523 §2.2) or their X509-SVID over mTLS
/// (RFC 8705 §2, <c>tls_client_auth</c>). The client_id of an agent is its SPIFFE ID.
/// </summary>
internal static class ClientAuthentication
{
    public const string JwtSvidMethod = "client_assertion (JWT-SVID)";
    public const string MutualTlsMethod = "tls_client_auth (X509-SVID)";

    public static async Task<(AuthenticatedClient? Client, OAuthError? Error)> AuthenticateAsync(
        HttpContext http, IFormCollection form, BundleCache bundles, AuthorizationServerIssuer issuer, IGrainFactory grains, TimeProvider time)
    {
        var claimedClientId = form.Single(OAuthConstants.Parameters.ClientId);
        var assertion = form.Single(OAuthConstants.Parameters.ClientAssertion);
        var assertionType = form.Single(OAuthConstants.Parameters.ClientAssertionType);
        if (assertion is not null || assertionType is not null)
        {
            if (assertionType != OAuthConstants.ClientAssertionTypes.JwtBearer)
                return (null, OAuthError.InvalidClient($"client_assertion_type must be {OAuthConstants.ClientAssertionTypes.JwtBearer}"));
            if (assertion is null)
                return (null, OAuthError.InvalidClient("client_assertion is missing"));
            return await FromAssertionAsync(assertion, claimedClientId, bundles, issuer, grains, time);
        }

        var mtls = await http.AuthenticateAsync(AuthSchemes.X509Svid);
        if (mtls.Succeeded && mtls.Principal.FindFirst(AuthSchemes.SpiffeIdClaim)?.Value is { } spiffeId)
        {
            var certificate = await http.Connection.GetClientCertificateAsync();
            var id = SpiffeId.Parse(spiffeId);
            if (claimedClientId is not null && claimedClientId != spiffeId)
                return (null, OAuthError.InvalidClient($"client_id {claimedClientId} does not match the client certificate's SPIFFE ID {spiffeId}"));
            return (new AuthenticatedClient(id, MutualTlsMethod, CertificateThumbprint.X5tS256(certificate!.RawData)), null);
        }

        if (mtls.Failure is not null)
            return (null, OAuthError.InvalidClient(mtls.Failure.Message));
        return (null, OAuthError.InvalidClient(
            "authenticate the client: send client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer with your JWT-SVID as client_assertion, or present your X509-SVID over mTLS; agents have no client secrets"));
    }

    private static async Task<(AuthenticatedClient? Client, OAuthError? Error)> FromAssertionAsync(
        string assertion, string? claimedClientId, BundleCache bundles, AuthorizationServerIssuer issuer, IGrainFactory grains, TimeProvider time)
    {
        var bundle = await bundles.GetAsync();
        var result = ClientAssertionValidator.Validate(
            assertion, ClientAssertionContext.ForJwtSvid(bundle.JwtSvidKeys, issuer.AssertionAudiences, claimedClientId), time.GetUtcNow());
        if (!result.IsSuccess)
            return (null, result.Error);

        var validated = result.Value!;
        // RFC 7523 §3 item 7: a jti is used once; the shard remembers it until the assertion expires.
        var fresh = await grains.GetGrain<IReplayCacheGrain>(GrainKeys.ReplayShard(bundles.TrustDomain, validated.ClientId, validated.Jti))
            .TryUseAsync(validated.ClientId, validated.Jti, validated.ReplayWindowEnd);
        if (!fresh)
            return (null, OAuthError.InvalidClient($"client_assertion jti '{validated.Jti}' was already used; assertions are single-use, mint a new JWT-SVID"));

        return (new AuthenticatedClient(SpiffeId.Parse(validated.ClientId), JwtSvidMethod, null), null);
    }
}
