namespace Aims.Core.OAuth;

/// <summary>How a refused authorization request is answered (RFC 6749 §4.1.2.1).</summary>
public enum AuthorizationErrorDelivery
{
    /// <summary>
    /// Shown to the user: the client_id or redirect_uri is missing, unknown or not registered, so the server must not
    /// send the browser anywhere (RFC 6749 §3.1.2.4, §4.1.2.1).
    /// </summary>
    ErrorPage = 0,

    /// <summary>Sent back to the client's verified redirect URI with <c>error</c>, <c>state</c> and <c>iss</c>.</summary>
    Redirect = 1,
}
