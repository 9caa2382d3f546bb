using System.Security.Cryptography;
using Aims.Core.OAuth;
using Aims.Core.OAuth.Registration;
using Aims.Grains;
using Aims.Grains.OAuth;
using AuthMethods = Aims.Core.OAuth.OAuthConstants.ClientAuthenticationMethods;

namespace Aims.Api.OAuth;

/// <summary>
/// Authentication of clients registered through RFC 7591 that are not agents: a public client names itself by
/// client_id and proves nothing (<c>none</c>, accepted only where the caller allows public clients), and a
/// private_key_jwt client signs an assertion with a key it registered in <c>jwks</c> (RFC 7523 §2.2, OIDC Core §9).
/// Their client_ids are generated and never SPIFFE IDs, so they can never be mistaken for agents.
/// </summary>
internal static class RegisteredClientAuthentication
{
    /// <summary>A client that sent only its client_id: authenticated as public when it is registered with <c>none</c>.</summary>
    public static async Task<(AuthenticatedClient? Client, OAuthError? Error)> AsPublicClientAsync(
        string clientId, IGrainFactory grains, bool allowPublicClient)
    {
        var client = await grains.GetGrain<IOAuthClientGrain>(GrainKeys.OAuthClient(clientId)).GetAsync();
        if (client is null || client.IsAgent)
            return (null, NotRegistered(clientId));
        if (client.TokenEndpointAuthMethod != AuthMethods.None)
        {
            return (null, OAuthError.InvalidClient(
                $"client {clientId} is registered with {client.TokenEndpointAuthMethod}: send client_assertion_type={OAuthConstants.ClientAssertionTypes.JwtBearer} " +
                "and a client_assertion signed with a key from its jwks (RFC 7523 section 2.2)"));
        }

        return allowPublicClient
            ? (new AuthenticatedClient(clientId, null, AuthMethods.None, null), null)
            : (null, OAuthError.InvalidClient(
                $"client {clientId} is a public client (token_endpoint_auth_method none) and cannot authenticate; this endpoint needs a " +
                "confidential client: register with private_key_jwt and jwks, or use an agent's SVID (RFC 6749 section 2.1)"));
    }

    /// <summary>
    /// The assertion context of a registered private_key_jwt client whose <c>iss</c> = <c>sub</c> = <paramref name="clientId"/>,
    /// with the one key its header names; the signature check that follows is what makes the unverified lookup safe.
    /// </summary>
    public static async Task<(ClientAssertionContext? Context, ECDsa? Key, OAuthError? Error)> PrivateKeyJwtContextAsync(
        string clientId, string? kid, string? claimedClientId, AuthorizationServerIssuer issuer, IGrainFactory grains)
    {
        var client = await grains.GetGrain<IOAuthClientGrain>(GrainKeys.OAuthClient(clientId)).GetAsync();
        if (client is null || client.IsAgent)
            return (null, null, NotRegistered(clientId));
        if (client.TokenEndpointAuthMethod != AuthMethods.PrivateKeyJwt || client.JwksJson is not { } jwks)
        {
            return (null, null, OAuthError.InvalidClient(
                $"client {clientId} is registered with token_endpoint_auth_method {client.TokenEndpointAuthMethod}, not private_key_jwt; it has no keys to sign an assertion with"));
        }

        // Only the named key is imported; an unknown kid is reported by the validator's key step.
        var key = ClientJwks.FromStoredJson(jwks)?.Find(kid)?.ToECDsa();
        var context = ClientAssertionContext.ForPrivateKeyJwt(
            (sub, named) => sub == clientId && named == kid ? key : null, issuer.AssertionAudiences, claimedClientId);
        return (context, key, null);
    }

    private static OAuthError NotRegistered(string clientId) =>
        OAuthError.InvalidClient($"client_id {clientId} is not a registered client of this server; register it first (POST /oauth2/register, RFC 7591)");
}
