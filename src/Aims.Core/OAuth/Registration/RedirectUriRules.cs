namespace Aims.Core.OAuth.Registration;

/// <summary>
/// Which redirect URIs a client may register. The authorization endpoint sends codes to them, so anything that
/// could reach a party other than the client is refused: a fragment (RFC 6749 §3.1.2), plain http except on the
/// loopback interface (RFC 8252 §7.3), a custom scheme that is not the client's own reverse domain name
/// (RFC 8252 §7.1), credentials in the authority. URIs are stored exactly as sent, because they are later matched
/// by simple string comparison (RFC 6749 §3.1.2.3); characters that parsers normalise differently are refused.
/// </summary>
public static class RedirectUriRules
{
    /// <summary>RFC 8252 §7.3 (loopback IP literals) and, though §8.3 calls it NOT RECOMMENDED, <c>localhost</c>.</summary>
    private static readonly string[] LoopbackHosts = ["127.0.0.1", "[::1]", "localhost"];

    /// <summary>Why <paramref name="uri"/> cannot be registered as a redirect URI, or null when it can.</summary>
    public static string? Problem(string uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (uri.Length == 0 || uri.Length > ClientRegistrationLimits.MaxRedirectUriLength)
            return $"redirect URI must have 1 to {ClientRegistrationLimits.MaxRedirectUriLength} characters";

        foreach (var c in uri)
        {
            if (c is < '\x21' or > '\x7E' or '"' or '<' or '>' or '\\' or '^' or '`' or '{' or '|' or '}')
                return $"redirect URI '{uri}' has a character (U+{(int)c:X4}) that is not allowed in a URI; percent-encode it (RFC 3986 §2.1)";
        }

        if (uri.Contains('#', StringComparison.Ordinal))
            return $"redirect URI '{uri}' has a fragment; a redirection endpoint URI must not include one (RFC 6749 §3.1.2)";

        var colon = uri.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || !IsScheme(uri.AsSpan(0, colon)) || !Uri.TryCreate(uri, UriKind.Absolute, out var parsed))
            return $"redirect URI '{uri}' must be an absolute URI with a scheme (RFC 6749 §3.1.2), e.g. https://app.example.com/callback";

        var scheme = uri[..colon].ToLowerInvariant();
        return scheme switch
        {
            "https" => HttpsProblem(uri, AuthorityOf(uri, colon), parsed),
            "http" => LoopbackProblem(uri, AuthorityOf(uri, colon)),
            _ => PrivateUseSchemeProblem(uri, scheme),
        };
    }

    private static string? HttpsProblem(string uri, string authority, Uri parsed)
    {
        if (authority.Length == 0 || string.IsNullOrEmpty(parsed.Host))
            return $"redirect URI '{uri}' must name a host: https://host/path (RFC 3986 §3.2)";
        return authority.Contains('@', StringComparison.Ordinal)
            ? $"redirect URI '{uri}' must not carry user information (user:password@) in its authority (RFC 3986 §3.2.1)"
            : null;
    }

    /// <summary>RFC 8252 §7.3: native apps listen on the loopback interface; http to any other host sends the code in clear.</summary>
    private static string? LoopbackProblem(string uri, string authority)
    {
        if (authority.Contains('@', StringComparison.Ordinal))
            return $"redirect URI '{uri}' must not carry user information (user:password@) in its authority (RFC 3986 §3.2.1)";

        var host = authority.StartsWith('[') ? authority[..(authority.IndexOf(']', StringComparison.Ordinal) + 1)] : authority.Split(':')[0];
        foreach (var loopback in LoopbackHosts)
        {
            if (string.Equals(host, loopback, StringComparison.OrdinalIgnoreCase))
                return null;
        }

        return $"redirect URI '{uri}' uses http with host '{host}'; http is allowed only on the loopback interface " +
            "(http://127.0.0.1, http://[::1] or http://localhost, RFC 8252 §7.3); use https";
    }

    /// <summary>RFC 8252 §7.1: a private-use scheme is the app's reverse domain name, so it names one app and no shared handler.</summary>
    private static string? PrivateUseSchemeProblem(string uri, string scheme) =>
        scheme.Contains('.', StringComparison.Ordinal)
            ? null
            : $"redirect URI '{uri}' uses scheme '{scheme}'; use https, http on a loopback address (RFC 8252 §7.3), or a " +
              "private-use scheme that is a reverse domain name you control, e.g. com.example.app:/callback (RFC 8252 §7.1)";

    /// <summary>RFC 3986 §3.1: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ).</summary>
    private static bool IsScheme(ReadOnlySpan<char> scheme)
    {
        if (!char.IsAsciiLetter(scheme[0]))
            return false;
        foreach (var c in scheme)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '+' and not '-' and not '.')
                return false;
        }

        return true;
    }

    /// <summary>The authority as written (RFC 3986 §3.2): "//" right after the scheme, up to the next '/', '?' or the end.</summary>
    private static string AuthorityOf(string uri, int colon)
    {
        if (string.CompareOrdinal(uri, colon + 1, "//", 0, 2) != 0)
            return string.Empty;
        var start = colon + 3;
        var end = uri.IndexOfAny(['/', '?'], start);
        return end < 0 ? uri[start..] : uri[start..end];
    }
}
