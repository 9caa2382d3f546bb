using Aims.Api.Bundles;
using Aims.Api.OAuth.Grants;
using Aims.Core.Credentials;
using Aims.Core.Identity;
using Aims.Core.Jose;
using Aims.Core.OAuth;
using Aims.Grains;
using Aims.Grains.Tokens;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Aims.Api.OAuth;

/// <summary>
/// Client authentication of an agent of a federated trust domain, for the jwt-bearer grant only (identity chaining
/// §5.3 "Requiring client authentication"): its X509-SVID over mTLS (RFC 8705 §2, then the token is bound to it) or
/// its JWT-SVID as <c>client_assertion</c> (RFC 7523 §2.2, single use). Each is checked against the stored bundle of
/// exactly the SVID's own trust domain (SPIFFE Federation §4.2), never against this trust domain's or a merged one.
/// Every other grant keeps <see cref="ClientAuthentication"/>, which accepts this trust domain's agents only.
/// </summary>
internal static class FederatedClientAuthentication
{
    public const string JwtSvidMethod = "client_assertion (JWT-SVID of a federated trust domain)";
    public const string MutualTlsMethod = "tls_client_auth (X509-SVID of a federated trust domain)";

    /// <summary>
    /// The trust domain the request's client credential claims when it is not <paramref name="local"/>: the unverified
    /// <c>sub</c> of a <c>client_assertion</c>, else the SPIFFE ID of the TLS client certificate. It only chooses which
    /// bundle verifies the credential; a claim that is false then fails that verification.
    /// </summary>
    public static async Task<TrustDomain?> ForeignTrustDomainAsync(HttpContext http, IFormCollection form, TrustDomain local)
    {
        SpiffeId? claimed;
        if (form.Single(OAuthConstants.Parameters.ClientAssertion) is { } assertion)
            claimed = UnverifiedSubject(assertion);
        else if (form.Single(OAuthConstants.Parameters.ClientAssertionType) is not null)
            return null;
        else
            claimed = await http.Connection.GetClientCertificateAsync() is { } certificate ? X509SvidClaimedId.Read(certificate) : null;

        return claimed is not null && !claimed.IsMemberOf(local) ? claimed.TrustDomain : null;
    }

    public static async Task<(AuthenticatedClient? Client, OAuthError? Error)> AuthenticateAsync(TokenRequest request, TrustDomain foreign)
    {
        var (trust, error) = await request.Http.RequestServices.GetRequiredService<FederatedBundleCache>().GetAsync(foreign);
        if (trust is null)
            return (null, OAuthError.InvalidClient($"the client is an agent of trust domain {foreign}; {error}"));

        var claimedClientId = request.Form.Single(OAuthConstants.Parameters.ClientId);
        return request.Form.Single(OAuthConstants.Parameters.ClientAssertion) is { } assertion
            ? await FromAssertionAsync(request, assertion, claimedClientId, trust)
            : await FromCertificateAsync(request, claimedClientId, trust);
    }

    private static async Task<(AuthenticatedClient? Client, OAuthError? Error)> FromAssertionAsync(
        TokenRequest request, string assertion, string? claimedClientId, FederatedTrust trust)
    {
        if (request.Form.Single(OAuthConstants.Parameters.ClientAssertionType) != OAuthConstants.ClientAssertionTypes.JwtBearer)
            return (null, OAuthError.InvalidClient($"client_assertion_type must be {OAuthConstants.ClientAssertionTypes.JwtBearer}"));

        var context = ClientAssertionContext.ForJwtSvid(trust.JwtSvidKeys, request.Issuer.AssertionAudiences, claimedClientId);
        var result = ClientAssertionValidator.Validate(assertion, context, request.Time.GetUtcNow());
        if (!result.IsSuccess)
            return (null, result.Error);

        // RFC 7523 §3 item 7, OIDC Core §9: single use, in the same replay cache as this trust domain's assertions.
        var validated = result.Value!;
        var fresh = await request.Grains.Reference<IReplayCacheGrain>(GrainKeys.ReplayShard(request.Bundles.TrustDomain, validated.ClientId, validated.Jti))
            .TryUseAsync(validated.ClientId, validated.Jti, validated.ReplayWindowEnd);
        if (!fresh)
            return (null, OAuthError.InvalidClient($"client_assertion jti '{validated.Jti}' was already used; assertions are single-use, present a new one"));

        var agent = validated.SpiffeId!;
        return (AuthenticatedClient.ForAgent(agent, JwtSvidMethod, null) with
        {
            Credential = $"JWT-SVID {agent} kid {validated.Kid} jti {validated.Jti} (bundle of {trust.TrustDomain} #{trust.Sequence})",
        }, null);
    }

    private static async Task<(AuthenticatedClient? Client, OAuthError? Error)> FromCertificateAsync(
        TokenRequest request, string? claimedClientId, FederatedTrust trust)
    {
        var certificate = (await request.Http.Connection.GetClientCertificateAsync())!;
        var result = X509SvidValidator.Validate([certificate], trust.X509Bundle, request.Time.GetUtcNow());
        if (!result.IsValid)
        {
            return (null, OAuthError.InvalidClient(
                $"the client certificate is not a valid X509-SVID of federated trust domain {trust.TrustDomain}: {result.Detail}"));
        }

        var svid = result.Value!;
        if (claimedClientId is not null && claimedClientId != svid.Id.ToString())
            return (null, OAuthError.InvalidClient($"client_id {claimedClientId} does not match the client certificate's SPIFFE ID {svid.Id}"));

        var serial = svid.SerialNumberHex.ToLowerInvariant();
        // RFC 8705 §3: the token is bound to this certificate, so only the holder of its key can use it.
        return (AuthenticatedClient.ForAgent(svid.Id, MutualTlsMethod, CertificateThumbprint.X5tS256(certificate.RawData)) with
        {
            Credential = $"X509-SVID {svid.Id} serial {serial} (bundle of {trust.TrustDomain} #{trust.Sequence})",
        }, null);
    }

    private static SpiffeId? UnverifiedSubject(string assertion) =>
        CompactJws.TryParse(assertion, CompactJws.DefaultMaxLength, out var jws, out _)
        && jws.Payload.TryGetProperty("sub", out var sub) && sub.ValueKind == System.Text.Json.JsonValueKind.String
        && SpiffeId.TryParse(sub.GetString(), out var id)
            ? id
            : null;
}
