namespace Aims.ResourceServer;

/// <summary>The URL checks shared by the options and by what the fabric tells us (stream endpoints).</summary>
internal static class FabricUrls
{
    /// <summary>An absolute http or https URL without query or fragment.</summary>
    public static bool IsHttpUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
        && uri.Query.Length == 0 && uri.Fragment.Length == 0 && uri.UserInfo.Length == 0;

    /// <summary>
    /// True when <paramref name="url"/> is on the same origin as <paramref name="issuer"/>. Our SSF access token is
    /// only ever sent to the fabric: a stream whose poll endpoint pointed elsewhere would hand the token away.
    /// </summary>
    public static bool IsSameOrigin(string url, string issuer) =>
        Uri.TryCreate(url, UriKind.Absolute, out var target)
        && Uri.TryCreate(issuer, UriKind.Absolute, out var origin)
        && Uri.Compare(target, origin, UriComponents.SchemeAndServer, UriFormat.UriEscaped, StringComparison.OrdinalIgnoreCase) == 0;
}
