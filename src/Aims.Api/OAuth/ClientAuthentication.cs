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
/// (RFC 8705 §2, <c>tls_client_auth</c>). The client_id of an agent is its SPIFFE ID. Clients registered through
/// RFC 7591 (<see cref="RegisteredClientAuthentication"/>) sign a private_key_jwt with a key they registered, or are
/// public and send only their client_id, which authenticates nothing and is refused unless the caller allows it.
/// </summary>
internal static class ClientAuthentication
{
    public const string JwtSvidMethod = "client_assertion (JWT-SVID)";
    public const string PrivateKeyJwtMethod = "private_key_jwt (SVID key)";
    public const string MutualTlsMethod = "tls_client_auth (X509-SVID)";

    /// <summary>A registered (non-agent) client's private_key_jwt, signed with a key from its registered jwks.</summary>
    public const string RegisteredPrivateKeyJwtMethod = OAuthConstants.ClientAuthenticationMethods.PrivateKeyJwt;

    /// <param name="allowPublicClient">
    /// True only where a public client may act without authenticating (the authorization code and refresh token
    /// grants, with PKCE); elsewhere a client that sends only its client_id is <c>invalid_client</c>.
    /// </param>
    /// <param name="agentSpendsAssertion">
    /// True where the caller's next step is a call to the agent's grain that spends the assertion first
    /// (<see cref="AuthenticatedClient.UnspentAssertion"/>); else an agent's assertion is spent here, by its grain.
    /// </param>
    public static async Task<(AuthenticatedClient? Client, OAuthError? Error)> AuthenticateAsync(
        HttpContext http, IFormCollection form, BundleCache bundles, AuthorizationServerIssuer issuer, IGrainFactory grains, TimeProvider time,
        bool allowPublicClient = false, bool agentSpendsAssertion = false)
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
            return await FromAssertionAsync(assertion, claimedClientId, bundles, issuer, grains, time, agentSpendsAssertion);
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

        // A client_id that is not a SPIFFE ID can only be a registered client's (RFC 7591).
        if (claimedClientId is not null && !SpiffeId.TryParse(claimedClientId, out _))
            return await RegisteredClientAuthentication.AsPublicClientAsync(claimedClientId, grains, allowPublicClient);
        return (null, OAuthError.InvalidClient(
            "authenticate the client: send client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer with your JWT-SVID " +
            "(or, for a registered client, a private_key_jwt signed with a key of its jwks) as client_assertion, or present your X509-SVID over mTLS; " +
            "this server issues no client secrets"));
    }

    private static async Task<(AuthenticatedClient? Client, OAuthError? Error)> FromAssertionAsync(
        string assertion, string? claimedClientId, BundleCache bundles, AuthorizationServerIssuer issuer, IGrainFactory grains, TimeProvider time,
        bool agentSpendsAssertion)
    {
        var bundle = await bundles.GetAsync();
        var (plan, planError) = await PlanForAsync(assertion, claimedClientId, bundle, issuer, grains);
        if (planError is not null)
            return (null, planError);

        OAuthResult<ValidatedClientAssertion> result;
        try
        {
            result = ClientAssertionValidator.Validate(assertion, plan!.Parsed, plan.Context, time.GetUtcNow());
        }
        finally
        {
            foreach (var key in plan!.Keys)
                key.Dispose();
        }

        if (!result.IsSuccess)
            return (null, result.Error);

        var validated = result.Value!;
        var use = new ClientAssertionUse(validated.Jti, validated.ReplayWindowEnd);
        if (plan.IsAgent)
        {
            // RFC 7523 §3 item 7: a jti is used once. An agent's assertions are spent by its own grain, which also
            // knows its revoked JWT-SVIDs; by the call that follows when the caller makes one.
            var agent = SpiffeId.Parse(validated.ClientId);
            var client = AuthenticatedClient.ForAgent(agent, plan.Method, null);
            if (agentSpendsAssertion)
                return (client with { UnspentAssertion = use }, null);
            return await grains.Reference<Grains.Agents.IAgentGrain>(GrainKeys.Agent(agent)).UseClientAssertionAsync(use)
                ? (client, null)
                : (null, Replayed(use));
        }

        // A registered client's: the shard remembers it until the assertion expires.
        var fresh = await grains.Reference<IReplayCacheGrain>(GrainKeys.ReplayShard(bundles.TrustDomain, validated.ClientId, validated.Jti))
            .TryUseAsync(validated.ClientId, validated.Jti, validated.ReplayWindowEnd);
        return fresh ? (new AuthenticatedClient(validated.ClientId, null, plan.Method, null), null) : (null, Replayed(use));
    }

    private static OAuthError Replayed(ClientAssertionUse use) =>
        OAuthError.InvalidClient($"client_assertion jti '{use.Jti}' was already used; assertions are single-use, present a new one");

    /// <summary>How one assertion is checked: the validation context, the method it proves, the imported keys to dispose, and the assertion as parsed once.</summary>
    private sealed record AssertionPlan(
        ClientAssertionContext Context, string Method, bool IsAgent, IReadOnlyList<System.Security.Cryptography.ECDsa> Keys, Core.Jose.ParsedJws? Parsed);

    /// <summary>
    /// A private_key_jwt whose <c>iss</c> = <c>sub</c> is not a SPIFFE ID belongs to a registered client and is checked
    /// against its registered jwks; every other assertion is an agent's. The assertion is parsed once here, unverified:
    /// it only chooses where the keys come from, and the validator then checks everything.
    /// </summary>
    private static async Task<(AssertionPlan? Plan, OAuthError? Error)> PlanForAsync(
        string assertion, string? claimedClientId, CurrentBundle bundle, AuthorizationServerIssuer issuer, IGrainFactory grains)
    {
        var jws = Core.Jose.CompactJws.TryParse(assertion, Core.Jose.CompactJws.DefaultMaxLength, out var parsed, out _) ? parsed : null;
        var selfIssued = jws is null ? null : SelfIssuedClientId(jws);
        if (selfIssued is not null && !SpiffeId.TryParse(selfIssued, out _))
        {
            var (context, key, error) = await RegisteredClientAuthentication.PrivateKeyJwtContextAsync(selfIssued, jws!.KeyId, claimedClientId, issuer, grains);
            return error is not null
                ? (null, error)
                : (new AssertionPlan(context!, RegisteredPrivateKeyJwtMethod, IsAgent: false, key is null ? [] : [key], jws), null);
        }

        var (agentContext, method, keys) = await ContextForAsync(jws, selfIssued, claimedClientId, bundle, issuer, grains);
        return (new AssertionPlan(agentContext, method, IsAgent: true, keys, jws), null);
    }

    /// <summary>The client_id of an assertion whose <c>iss</c> and <c>sub</c> are the same string (RFC 7523 §3, OIDC Core §9), else null.</summary>
    private static string? SelfIssuedClientId(Core.Jose.ParsedJws jws) =>
        jws.Payload.TryGetProperty("iss", out var iss) && iss.ValueKind == System.Text.Json.JsonValueKind.String
        && jws.Payload.TryGetProperty("sub", out var sub) && sub.ValueKind == System.Text.Json.JsonValueKind.String
        && sub.GetString() is { Length: > 0 } clientId && clientId == iss.GetString()
            ? clientId
            : null;

    /// <summary>
    /// A JWT-SVID has no <c>iss</c>; a private_key_jwt has <c>iss</c> = <c>sub</c> = client_id (RFC 7523 §3). For the
    /// latter the keys are the ones the agent proved it holds at issuance (its X509-SVID or WIT key), looked up by
    /// the unverified <c>sub</c>; the signature check that follows is what makes that lookup safe.
    /// </summary>
    private static async Task<(ClientAssertionContext Context, string Method, List<System.Security.Cryptography.ECDsa> Keys)> ContextForAsync(
        Core.Jose.ParsedJws? jws, string? selfIssued, string? claimedClientId, CurrentBundle bundle, AuthorizationServerIssuer issuer, IGrainFactory grains)
    {
        var jwtSvid = (ClientAssertionContext.ForJwtSvid(bundle.JwtSvidKeys, issuer.AssertionAudiences, claimedClientId), JwtSvidMethod, new List<System.Security.Cryptography.ECDsa>());
        if (jws is null || !SpiffeId.TryParse(selfIssued, out var client) || !client.IsMemberOf(bundle.X509Bundle.TrustDomain))
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
