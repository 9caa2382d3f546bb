namespace Aims.Cli.Http;

/// <summary>Form parameter names and protocol URIs of the token endpoint that the CLI sends (RFC 6749, RFC 7523, RFC 8693).</summary>
internal static class OAuthParameters
{
    public const string GrantType = "grant_type";
    public const string ClientAssertionType = "client_assertion_type";
    public const string ClientAssertion = "client_assertion";
    public const string Scope = "scope";
    public const string Resource = "resource";
    public const string Audience = "audience";
    public const string Token = "token";

    // RFC 8693 §2.1.
    public const string SubjectToken = "subject_token";
    public const string SubjectTokenType = "subject_token_type";
    public const string ActorToken = "actor_token";
    public const string ActorTokenType = "actor_token_type";

    /// <summary>This server's extension to RFC 8693: ask for impersonation (no <c>act</c> claim) instead of delegation.</summary>
    public const string Impersonation = "impersonation";

    public const string ClientCredentialsGrant = "client_credentials";
    public const string TokenExchangeGrant = "urn:ietf:params:oauth:grant-type:token-exchange";

    /// <summary>RFC 7523 §2.2: the client authenticates with a JWT (here its JWT-SVID).</summary>
    public const string JwtBearerAssertion = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    /// <summary>RFC 8693 §3: an access token this server issued (the subject of an exchange).</summary>
    public const string AccessTokenType = "urn:ietf:params:oauth:token-type:access_token";

    /// <summary>RFC 8693 §3: a JWT (the actor's JWT-SVID).</summary>
    public const string JwtTokenType = "urn:ietf:params:oauth:token-type:jwt";
}
