namespace Aims.ResourceServer.Authentication;

/// <summary>
/// Claim types of an authenticated agent, named as in the access token (RFC 9068 §2.2, RFC 8693 §4) rather than
/// mapped to WS-* URIs, so code reads the way the token does.
/// </summary>
public static class AimsClaimTypes
{
    /// <summary>The resource owner, or the agent itself for client_credentials; the identity's name.</summary>
    public const string Subject = "sub";

    /// <summary>The agent (OAuth client) that holds the token: its SPIFFE ID.</summary>
    public const string ClientId = "client_id";

    /// <summary>One claim per scope still granted: the token's scope narrowed by any reduction the fabric signalled.</summary>
    public const string Scope = "scope";

    public const string JwtId = "jti";

    /// <summary>The delegation chain (RFC 8693 §4.1), one claim per actor, the current actor first.</summary>
    public const string Actor = "act";

    /// <summary>
    /// The Workload Identifier (the WIT's <c>sub</c>) that proved possession of its key on this request with WIT + WPT
    /// (draft-ietf-wimse-wpt); absent when the request carried an access token only.
    /// </summary>
    public const string Workload = "wimse_workload";
}
