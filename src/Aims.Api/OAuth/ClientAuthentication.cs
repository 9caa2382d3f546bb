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
    public const string PrivateKeyJwtMethod = "private_key_jwt (SVID key)";
    public const string MutualTlsMethod = "tls_client_auth (X509-SVID)";

    /// <summary>RFC 7591 §2 <c>token_endpoint_auth_method</c> of a public client: client_id only, its codes protected by PKCE.</summary>
    public const string PublicClientMethod = "none";

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
            return (AuthenticatedClient.ForAgent(id, MutualTlsMethod, CertificateThumbprint.X5tS256(certificate!.RawData)), null);
        }

        if (mtls.Failure is not null)
            return (null, OAuthError.InvalidClient(mtls.Failure.Message));
        if (claimedClientId is not null && await PublicClientAsync(claimedClientId, grains) is { } publicClient)
            return (publicClient, null);
        return (null, OAuthError.InvalidClient(
            "authenticate the client: send client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer with your JWT-SVID as client_assertion, or present your X509-SVID over mTLS; agents have no client secrets"));
    }

    /// <summary>A registered non-agent client that registered no credentials (RFC 7591 §2, "none") is named by its client_id alone.</summary>
    private static async Task<AuthenticatedClient?> PublicClientAsync(string clientId, IGrainFactory grains)
    {
        var registration = await grains.GetGrain<Grains.OAuth.IOAuthClientGrain>(GrainKeys.OAuthClient(clientId)).GetAsync();
        return registration is { IsAgent: false, TokenEndpointAuthMethod: PublicClientMethod }
            ? new AuthenticatedClient(clientId, null, PublicClientMethod, null)
            : null;
    }

    private static async Task<(AuthenticatedClient? Client, OAuthError? Error)> FromAssertionAsync(
        string assertion, string? claimedClientId, BundleCache bundles, AuthorizationServerIssuer issuer, IGrainFactory grains, TimeProvider time)
    {
        var bundle = await bundles.GetAsync();
        var (context, method, keys) = await ContextForAsync(assertion, claimedClientId, bundle, issuer, grains);
        OAuthResult<ValidatedClientAssertion> result;
        try
        {
            result = ClientAssertionValidator.Validate(assertion, context, time.GetUtcNow());
        }
        finally
        {
            foreach (var key in keys)
                key.Dispose();
        }

        if (!result.IsSuccess)
            return (null, result.Error);

        var validated = result.Value!;
        // RFC 7523 §3 item 7: a jti is used once; the shard remembers it until the assertion expires.
        var fresh = await grains.GetGrain<IReplayCacheGrain>(GrainKeys.ReplayShard(bundles.TrustDomain, validated.ClientId, validated.Jti))
            .TryUseAsync(validated.ClientId, validated.Jti, validated.ReplayWindowEnd);
        if (!fresh)
            return (null, OAuthError.InvalidClient($"client_assertion jti '{validated.Jti}' was already used; assertions are single-use, present a new one"));

        return (AuthenticatedClient.ForAgent(SpiffeId.Parse(validated.ClientId), method, null), null);
    }

    /// <summary>
    /// A JWT-SVID has no <c>iss</c>; a private_key_jwt has <c>iss</c> = <c>sub</c> = client_id (RFC 7523 §3). For the
    /// latter the keys are the ones the agent proved it holds at issuance (its X509-SVID or WIT key), looked up by
    /// the unverified <c>sub</c>; the signature check that follows is what makes that lookup safe.
    /// </summary>
    private static async Task<(ClientAssertionContext Context, string Method, List<System.Security.Cryptography.ECDsa> Keys)> ContextForAsync(
        string assertion, string? claimedClientId, CurrentBundle bundle, AuthorizationServerIssuer issuer, IGrainFactory grains)
    {
        var jwtSvid = (ClientAssertionContext.ForJwtSvid(bundle.JwtSvidKeys, issuer.AssertionAudiences, claimedClientId), JwtSvidMethod, new List<System.Security.Cryptography.ECDsa>());
        if (!Core.Jose.CompactJws.TryParse(assertion, Core.Jose.CompactJws.DefaultMaxLength, out var jws, out _)
            || !jws.Payload.TryGetProperty("iss", out var iss) || iss.ValueKind != System.Text.Json.JsonValueKind.String
            || !jws.Payload.TryGetProperty("sub", out var sub) || sub.ValueKind != System.Text.Json.JsonValueKind.String
            || sub.GetString() != iss.GetString()
            || !SpiffeId.TryParse(sub.GetString(), out var client) || !client.IsMemberOf(bundle.X509Bundle.TrustDomain))
            return jwtSvid;

        // Only the key the header names is imported (an EC import costs more than a signature check).
        var keys = new Dictionary<string, System.Security.Cryptography.ECDsa>(StringComparer.Ordinal);
        var named = (await grains.GetGrain<Grains.Agents.IAgentGrain>(GrainKeys.Agent(client)).GetClientKeysAsync())
            .FirstOrDefault(k => k.Kid == jws.KeyId);
        if (named is not null && Core.Jose.JsonWebKey.Parse(named.JwkJson)?.ToECDsa() is { } ecdsa)
            keys[named.Kid] = ecdsa;

        var context = ClientAssertionContext.ForPrivateKeyJwt(
            (clientId, kid) => clientId == client.ToString() && kid is not null && keys.TryGetValue(kid, out var found) ? found : null,
            issuer.AssertionAudiences,
            claimedClientId);
        return (context, PrivateKeyJwtMethod, [.. keys.Values]);
    }
}
