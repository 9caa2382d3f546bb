namespace Aims.Core.OAuth;

/// <summary>The protocol strings of the OAuth 2.0 authorization server, grouped by the registry they come from.</summary>
public static class OAuthConstants
{
    /// <summary><c>grant_type</c> values (RFC 6749 §4, RFC 7523 §2.1, RFC 8693 §2.1).</summary>
    public static class GrantTypes
    {
        public const string AuthorizationCode = "authorization_code";
        public const string ClientCredentials = "client_credentials";
        public const string RefreshToken = "refresh_token";
        public const string JwtBearer = "urn:ietf:params:oauth:grant-type:jwt-bearer";
        public const string TokenExchange = "urn:ietf:params:oauth:grant-type:token-exchange";
    }

    /// <summary><c>client_assertion_type</c> values (RFC 7523 §2.2).</summary>
    public static class ClientAssertionTypes
    {
        public const string JwtBearer = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    }

    /// <summary>Token type identifiers (RFC 8693 §3, draft-ietf-oauth-transaction-tokens).</summary>
    public static class TokenTypes
    {
        public const string AccessToken = "urn:ietf:params:oauth:token-type:access_token";
        public const string RefreshToken = "urn:ietf:params:oauth:token-type:refresh_token";
        public const string IdToken = "urn:ietf:params:oauth:token-type:id_token";
        public const string Jwt = "urn:ietf:params:oauth:token-type:jwt";

        /// <summary>The normative value uses an underscore; some draft examples show "txn-token" (spec digest §7.4).</summary>
        public const string TxnToken = "urn:ietf:params:oauth:token-type:txn_token";
    }

    /// <summary><c>token_type_hint</c> values of introspection and revocation (RFC 7009 §2.1, RFC 7662 §2.1).</summary>
    public static class TokenTypeHints
    {
        public const string AccessToken = "access_token";
        public const string RefreshToken = "refresh_token";
    }

    /// <summary><c>token_type</c> values of a token response (RFC 6750 §4, RFC 8693 §2.2.1).</summary>
    public static class AccessTokenTypes
    {
        public const string Bearer = "Bearer";

        /// <summary>RFC 8693 §2.2.1: the issued token is not an access token (e.g. a Txn-Token).</summary>
        public const string NotApplicable = "N_A";
    }

    /// <summary>Client authentication methods (RFC 7591 §2, OIDC Core §9, RFC 8705 §2.1.1).</summary>
    public static class ClientAuthenticationMethods
    {
        /// <summary>RFC 7591 §2: a public client, which does not authenticate; it must use PKCE (RFC 9700 §2.1.1).</summary>
        public const string None = "none";

        public const string PrivateKeyJwt = "private_key_jwt";
        public const string TlsClientAuth = "tls_client_auth";

        /// <summary>RFC 8705 §2.2; not supported: an agent's certificate is an X509-SVID from this trust domain's CA.</summary>
        public const string SelfSignedTlsClientAuth = "self_signed_tls_client_auth";

        /// <summary>RFC 7591 §2; never accepted: this server issues no client secrets.</summary>
        public const string ClientSecretBasic = "client_secret_basic";

        /// <summary>RFC 7591 §2; never accepted: this server issues no client secrets.</summary>
        public const string ClientSecretPost = "client_secret_post";

        /// <summary>OIDC Core §9 (HMAC with the client secret); never accepted: this server issues no client secrets.</summary>
        public const string ClientSecretJwt = "client_secret_jwt";
    }

    /// <summary><c>response_type</c> values (RFC 6749 §3.1.1).</summary>
    public static class ResponseTypes
    {
        public const string Code = "code";
    }

    /// <summary><c>code_challenge_method</c> values (RFC 7636 §4.3); only S256 is accepted.</summary>
    public static class CodeChallengeMethods
    {
        public const string S256 = "S256";
    }

    /// <summary>Parameter names of the authorization, token, introspection and revocation endpoints.</summary>
    public static class Parameters
    {
        public const string GrantType = "grant_type";
        public const string ClientId = "client_id";
        public const string ClientAssertion = "client_assertion";
        public const string ClientAssertionType = "client_assertion_type";
        public const string Scope = "scope";
        public const string Assertion = "assertion";
        public const string Code = "code";
        public const string CodeVerifier = "code_verifier";
        public const string RedirectUri = "redirect_uri";
        public const string RefreshToken = "refresh_token";
        public const string Resource = "resource";
        public const string Audience = "audience";
        public const string SubjectToken = "subject_token";
        public const string SubjectTokenType = "subject_token_type";
        public const string ActorToken = "actor_token";
        public const string ActorTokenType = "actor_token_type";
        public const string RequestedTokenType = "requested_token_type";

        /// <summary>
        /// Extension of this server to RFC 8693 §2.1: <c>true</c> asks for impersonation (RFC 8693 §1.1), a token that
        /// is the subject's with no <c>act</c> entry for the client; absent or <c>false</c> is delegation.
        /// </summary>
        public const string Impersonation = "impersonation";

        public const string Token = "token";
        public const string TokenTypeHint = "token_type_hint";
        public const string Error = "error";
        public const string ErrorDescription = "error_description";
        public const string ResponseType = "response_type";
        public const string State = "state";
        public const string CodeChallenge = "code_challenge";
        public const string CodeChallengeMethod = "code_challenge_method";

        /// <summary>RFC 9207 §2: the issuer identifier in an authorization response.</summary>
        public const string Issuer = "iss";
    }

    /// <summary>JWT claims OAuth adds to the registered ones (RFC 8693 §4, RFC 9068 §2.2, RFC 8705 §3.1).</summary>
    public static class Claims
    {
        public const string ClientId = "client_id";
        public const string Scope = "scope";
        public const string Actor = "act";
        public const string MayAct = "may_act";

        /// <summary>The <c>cnf</c> member that binds a token to a client certificate (RFC 8705 §3.1).</summary>
        public const string X509CertificateSha256Thumbprint = "x5t#S256";
    }

    /// <summary>JOSE <c>typ</c> values of OAuth JWTs, compared case-insensitively (RFC 7515 §4.1.9).</summary>
    public static class JwtTypes
    {
        /// <summary>RFC 9068 §2.1: "at+jwt" SHOULD be used; RFC 9068 §4 also accepts the full media type.</summary>
        public const string AccessToken = "at+jwt";

        public const string AccessTokenMediaType = "application/at+jwt";

        public const string TxnToken = "txntoken+jwt";

        /// <summary>draft-ietf-oauth-rfc7523bis: the explicit type of a client assertion.</summary>
        public const string ClientAuthentication = "client-authentication+jwt";

        public const string ClientAuthenticationMediaType = "application/client-authentication+jwt";
    }

    /// <summary>Authorization server metadata members (RFC 8414 §2, RFC 8705 §3.3).</summary>
    public static class Metadata
    {
        public const string Issuer = "issuer";
        public const string AuthorizationEndpoint = "authorization_endpoint";
        public const string TokenEndpoint = "token_endpoint";
        public const string JwksUri = "jwks_uri";
        public const string RegistrationEndpoint = "registration_endpoint";
        public const string ScopesSupported = "scopes_supported";
        public const string ResponseTypesSupported = "response_types_supported";
        public const string GrantTypesSupported = "grant_types_supported";
        public const string TokenEndpointAuthMethodsSupported = "token_endpoint_auth_methods_supported";
        public const string TokenEndpointAuthSigningAlgValuesSupported = "token_endpoint_auth_signing_alg_values_supported";
        public const string RevocationEndpoint = "revocation_endpoint";
        public const string RevocationEndpointAuthMethodsSupported = "revocation_endpoint_auth_methods_supported";
        public const string RevocationEndpointAuthSigningAlgValuesSupported = "revocation_endpoint_auth_signing_alg_values_supported";
        public const string IntrospectionEndpoint = "introspection_endpoint";
        public const string IntrospectionEndpointAuthMethodsSupported = "introspection_endpoint_auth_methods_supported";
        public const string IntrospectionEndpointAuthSigningAlgValuesSupported = "introspection_endpoint_auth_signing_alg_values_supported";
        public const string CodeChallengeMethodsSupported = "code_challenge_methods_supported";
        public const string TlsClientCertificateBoundAccessTokens = "tls_client_certificate_bound_access_tokens";

        /// <summary>RFC 9207 §3: authorization responses carry <c>iss</c>, so a client can tell which server sent a code.</summary>
        public const string AuthorizationResponseIssParameterSupported = "authorization_response_iss_parameter_supported";

        /// <summary>draft-ietf-oauth-identity-chaining §2.3.4: the <c>requested_token_type</c> values a chaining exchange accepts.</summary>
        public const string IdentityChainingRequestedTokenTypesSupported = "identity_chaining_requested_token_types_supported";

        /// <summary>RFC 8414 §3: the well-known URI suffix.</summary>
        public const string WellKnownSegment = "/.well-known/oauth-authorization-server";
    }

    /// <summary>Bounds this authorization server applies to what it parses.</summary>
    public static class Limits
    {
        /// <summary>How many nested <c>act</c> claims a token may carry (RFC 8693 §4.1 sets no bound; we do).</summary>
        public const int MaxActorDepth = 8;

        /// <summary>A <c>jti</c> is stored in the replay cache until <c>exp</c>, so its size is bounded.</summary>
        public const int MaxJwtIdLength = 256;
    }
}
