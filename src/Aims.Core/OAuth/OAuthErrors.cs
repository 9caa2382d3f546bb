namespace Aims.Core.OAuth;

/// <summary>
/// The <c>error</c> codes of token endpoint error responses, plus the RFC 6749 and RFC 6750 codes other endpoints
/// of this server answer with (the authorization endpoint's among them). RFC 7591 registration codes are in
/// <see cref="Registration.ClientRegistrationConstants.Errors"/>.
/// </summary>
public static class OAuthErrors
{
    /// <summary>RFC 6749 §5.2: missing, repeated or malformed parameter, or more than one client authentication.</summary>
    public const string InvalidRequest = "invalid_request";

    /// <summary>RFC 6749 §5.2, RFC 7523 §3.2: client authentication failed.</summary>
    public const string InvalidClient = "invalid_client";

    /// <summary>RFC 6749 §5.2, RFC 7523 §3.1: the grant or refresh token is invalid, expired, revoked or another client's.</summary>
    public const string InvalidGrant = "invalid_grant";

    /// <summary>RFC 6749 §5.2: the client may not use this grant type.</summary>
    public const string UnauthorizedClient = "unauthorized_client";

    /// <summary>RFC 6749 §5.2: the server does not support this grant type.</summary>
    public const string UnsupportedGrantType = "unsupported_grant_type";

    /// <summary>RFC 6749 §5.2: the scope is invalid, unknown, malformed or exceeds what was granted.</summary>
    public const string InvalidScope = "invalid_scope";

    /// <summary>RFC 8707 §2: the requested resource is invalid, missing, unknown or malformed.</summary>
    public const string InvalidTarget = "invalid_target";

    /// <summary>RFC 6749 §4.1.2.1: the resource owner or the authorization server denied the request.</summary>
    public const string AccessDenied = "access_denied";

    /// <summary>RFC 6750 §3.1: the bearer token is expired, revoked, malformed or otherwise invalid (HTTP 401).</summary>
    public const string InvalidToken = "invalid_token";

    /// <summary>RFC 6749 §4.1.2.1: the server does not issue what <c>response_type</c> asks for.</summary>
    public const string UnsupportedResponseType = "unsupported_response_type";
}
