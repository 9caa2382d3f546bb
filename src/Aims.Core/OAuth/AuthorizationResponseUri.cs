using System.Text;

namespace Aims.Core.OAuth;

/// <summary>
/// The redirect that carries an authorization response (RFC 6749 §4.1.2) or error (§4.1.2.1) to the client: the
/// parameters are added to the query of the registered redirect URI, whose own query is kept (§3.1.2), and
/// <c>iss</c> names this server so the client can tell which server answered (RFC 9207 §2).
/// </summary>
public static class AuthorizationResponseUri
{
    /// <summary>A success response: <c>code</c>, <c>state</c> (when the request had one), <c>iss</c>.</summary>
    public static string ForCode(string redirectUri, string code, string? state, string issuer)
    {
        ArgumentException.ThrowIfNullOrEmpty(code);
        return Build(redirectUri, issuer, (OAuthConstants.Parameters.Code, code), (OAuthConstants.Parameters.State, state));
    }

    /// <summary>An error response: <c>error</c>, <c>error_description</c>, <c>state</c>, <c>iss</c>.</summary>
    public static string ForError(string redirectUri, OAuthError error, string? state, string issuer)
    {
        ArgumentNullException.ThrowIfNull(error);
        return Build(
            redirectUri,
            issuer,
            (OAuthConstants.Parameters.Error, error.Error),
            (OAuthConstants.Parameters.ErrorDescription, error.Description),
            (OAuthConstants.Parameters.State, state));
    }

    private static string Build(string redirectUri, string issuer, params (string Name, string? Value)[] parameters)
    {
        ArgumentException.ThrowIfNullOrEmpty(redirectUri);
        ArgumentException.ThrowIfNullOrEmpty(issuer);

        // RFC 6749 §3.1.2: the redirection endpoint URI must not include a fragment; the registered ones never do.
        if (redirectUri.Contains('#', StringComparison.Ordinal))
            throw new ArgumentException("A redirect URI has no fragment (RFC 6749 §3.1.2).", nameof(redirectUri));

        var uri = new StringBuilder(redirectUri);
        var separator = redirectUri.Contains('?', StringComparison.Ordinal)
            ? (redirectUri.EndsWith('?') || redirectUri.EndsWith('&') ? string.Empty : "&")
            : "?";
        foreach (var (name, value) in parameters.Append((OAuthConstants.Parameters.Issuer, issuer)))
        {
            if (value is null)
                continue;
            uri.Append(separator).Append(name).Append('=').Append(Uri.EscapeDataString(value));
            separator = "&";
        }

        return uri.ToString();
    }
}
