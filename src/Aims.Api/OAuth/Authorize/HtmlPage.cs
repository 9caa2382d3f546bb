using System.Text;
using Microsoft.AspNetCore.Http;

namespace Aims.Api.OAuth.Authorize;

/// <summary>
/// A server-rendered page of the authorization endpoint. No script runs: the CSP allows only inline styles and
/// form posts to this server (plus, on the consent page, the client's redirect origin, which browsers check after
/// the 303). The page is never framed (clickjacking on the consent button) and never cached.
/// </summary>
internal sealed class HtmlPage(int status, string html, string? extraFormAction = null) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = status;
        response.ContentType = "text/html; charset=utf-8";
        var headers = response.Headers;
        var formAction = extraFormAction is null ? "'self'" : $"'self' {extraFormAction}";
        headers.ContentSecurityPolicy = $"default-src 'none'; style-src 'unsafe-inline'; form-action {formAction}; frame-ancestors 'none'; base-uri 'none'";
        headers.XFrameOptions = "DENY";
        headers.CacheControl = "no-store";
        headers.Pragma = "no-cache";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        await response.WriteAsync(html, Encoding.UTF8);
    }

    /// <summary>
    /// The CSP source for the origin of <paramref name="redirectUri"/>: <c>https://host:port</c>, or <c>scheme:</c>
    /// for a private-use scheme (RFC 8252 §7.1); null when it cannot be written safely into the header.
    /// </summary>
    public static string? FormActionSource(string redirectUri)
    {
        if (!Uri.TryCreate(redirectUri, UriKind.Absolute, out var uri))
            return null;
        var source = uri.Scheme is "http" or "https" ? uri.GetLeftPart(UriPartial.Authority) : uri.Scheme + ":";
        return source.All(c => char.IsAsciiLetterOrDigit(c) || c is ':' or '/' or '.' or '-' or '+' or '[' or ']') ? source : null;
    }
}
