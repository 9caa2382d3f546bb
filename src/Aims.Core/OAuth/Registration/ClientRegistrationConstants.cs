namespace Aims.Core.OAuth.Registration;

/// <summary>The protocol strings of RFC 7591 dynamic client registration: metadata member names and error codes.</summary>
public static class ClientRegistrationConstants
{
    /// <summary>Client metadata members (RFC 7591 §2) and the members the server adds to its response (§3.2.1).</summary>
    public static class Members
    {
        public const string RedirectUris = "redirect_uris";
        public const string TokenEndpointAuthMethod = "token_endpoint_auth_method";
        public const string GrantTypes = "grant_types";
        public const string ResponseTypes = "response_types";
        public const string ClientName = "client_name";
        public const string Scope = "scope";
        public const string Jwks = "jwks";
        public const string JwksUri = "jwks_uri";
        public const string SoftwareStatement = "software_statement";
        public const string ClientId = "client_id";
        public const string ClientIdIssuedAt = "client_id_issued_at";

        /// <summary>RFC 8705 §2.1.2: the SAN URI the client certificate of a <c>tls_client_auth</c> client carries.</summary>
        public const string TlsClientAuthSanUri = "tls_client_auth_san_uri";
    }

    /// <summary>Registration error codes (RFC 7591 §3.2.2).</summary>
    public static class Errors
    {
        /// <summary>"The value of one or more redirection URIs is invalid."</summary>
        public const string InvalidRedirectUri = "invalid_redirect_uri";

        /// <summary>"The value of one of the client metadata fields is invalid and the server has rejected this request."</summary>
        public const string InvalidClientMetadata = "invalid_client_metadata";

        /// <summary>"The software statement presented is invalid."</summary>
        public const string InvalidSoftwareStatement = "invalid_software_statement";
    }

    /// <summary>Grant types that are refused by name, with their own reason.</summary>
    public static class RefusedGrantTypes
    {
        /// <summary>RFC 9700 §2.1.2: the implicit grant exposes tokens in the front channel.</summary>
        public const string Implicit = "implicit";

        /// <summary>RFC 9700 §2.4: the resource owner password grant must not be used.</summary>
        public const string Password = "password";
    }
}
