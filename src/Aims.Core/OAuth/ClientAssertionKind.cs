namespace Aims.Core.OAuth;

/// <summary>Which kind of JWT a client authenticates with (RFC 7523 §2.2); the client's registration decides it.</summary>
public enum ClientAssertionKind
{
    /// <summary>
    /// An agent's JWT-SVID: key from the trust domain's <c>jwt-svid</c> bundle, <c>sub</c> = SPIFFE ID = client_id,
    /// <c>iss</c> optional (JWT-SVIDs have none).
    /// </summary>
    JwtSvid = 0,

    /// <summary>A JWT the client signs with a key it registered: <c>iss</c> = <c>sub</c> = client_id (OIDC Core §9).</summary>
    PrivateKeyJwt = 1,
}
