using AuthMethods = Aims.Core.OAuth.OAuthConstants.ClientAuthenticationMethods;
using Errors = Aims.Core.OAuth.Registration.ClientRegistrationConstants.Errors;
using Members = Aims.Core.OAuth.Registration.ClientRegistrationConstants.Members;

namespace Aims.Core.OAuth.Registration;

/// <summary>
/// How the client will authenticate at the token endpoint, and its keys. This server issues no client secrets: a
/// registered client is public (<c>none</c>, PKCE) or proves a key it registered (<c>private_key_jwt</c>); an agent
/// proves an SVID.
/// </summary>
public static partial class ClientMetadataValidator
{
    /// <summary>
    /// RFC 7591 §2 makes client_secret_basic the default, but there are no secrets here: an omitted method is
    /// private_key_jwt when keys are sent (and for agents, whose keys come with their SVIDs), otherwise none.
    /// </summary>
    private static bool ReadAuthenticationMethod(ClientMetadataValidationContext context)
    {
        if (!context.TryReadString(Members.TokenEndpointAuthMethod, out var method))
            return false;

        method ??= context.IsAgent || context.TryGetMember(Members.Jwks, out _) ? AuthMethods.PrivateKeyJwt : AuthMethods.None;
        if (MethodProblem(method, context.IsAgent) is { } problem)
            return context.Reject(Errors.InvalidClientMetadata, problem);

        context.AuthenticationMethod = method;
        return true;
    }

    private static string? MethodProblem(string method, bool isAgent) => method switch
    {
        AuthMethods.PrivateKeyJwt => null,
        AuthMethods.None when !isAgent => null,
        AuthMethods.None =>
            "token_endpoint_auth_method 'none' is not for agents: an agent authenticates every request with its SVID; use private_key_jwt or tls_client_auth",
        AuthMethods.TlsClientAuth when isAgent => null,
        AuthMethods.TlsClientAuth =>
            "token_endpoint_auth_method 'tls_client_auth' needs an X509-SVID of this trust domain, which only agents hold; use private_key_jwt with jwks, or none",
        AuthMethods.ClientSecretBasic or AuthMethods.ClientSecretPost or AuthMethods.ClientSecretJwt => isAgent
            ? $"token_endpoint_auth_method '{method}' is refused: this server issues no client secrets; an agent authenticates with its SVID (private_key_jwt or tls_client_auth)"
            : $"token_endpoint_auth_method '{method}' is refused: this server issues no client secrets; register 'none' (a public client using PKCE) or 'private_key_jwt' with your public keys in jwks",
        AuthMethods.SelfSignedTlsClientAuth =>
            "token_endpoint_auth_method 'self_signed_tls_client_auth' is not supported (RFC 8705 §2.2); use private_key_jwt" + (isAgent ? " or tls_client_auth" : " with jwks"),
        _ => $"token_endpoint_auth_method '{method}' is not supported; use " + (isAgent ? "private_key_jwt or tls_client_auth" : "none or private_key_jwt"),
    };

    /// <summary>
    /// A registered private_key_jwt client's keys (RFC 7591 §2 <c>jwks</c>) are what authenticate it, so they are
    /// required and checked key by key. An agent's keys are the ones it proved when it got its SVIDs.
    /// </summary>
    private static bool ReadJwks(ClientMetadataValidationContext context)
    {
        var sent = context.TryGetMember(Members.Jwks, out var jwks);
        if (context.IsAgent)
        {
            return !sent || context.Reject(Errors.InvalidClientMetadata,
                "jwks is not accepted from an agent: its private_key_jwt keys are the ones it proved when it got its X509-SVID or WIT; remove jwks");
        }

        if (context.AuthenticationMethod != AuthMethods.PrivateKeyJwt)
        {
            return !sent || context.Reject(Errors.InvalidClientMetadata,
                $"jwks is used only with token_endpoint_auth_method private_key_jwt, not '{context.AuthenticationMethod}'; remove jwks or change the method");
        }

        if (!sent)
            return context.Reject(Errors.InvalidClientMetadata, "private_key_jwt needs your public keys: send them in jwks (RFC 7591 §2)");
        if (!ClientJwks.TryParse(jwks, out var keys, out var error))
            return context.Reject(Errors.InvalidClientMetadata, error);

        context.Jwks = keys;
        return true;
    }
}
