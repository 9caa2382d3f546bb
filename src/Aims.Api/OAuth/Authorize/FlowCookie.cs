using Aims.Core.Sessions;
using Microsoft.AspNetCore.Http;

namespace Aims.Api.OAuth.Authorize;

/// <summary>
/// The browser-binding cookie of an authorization flow: a 256-bit secret, HttpOnly and SameSite=Lax, readable only
/// under the authorization endpoint's path. A form posted from another site arrives without it (Lax cookies are
/// not sent on cross-site POSTs), so a forged or stolen form post fails. One cookie per flow, so two tabs do not
/// overwrite each other.
/// </summary>
internal static class FlowCookie
{
    private const string Prefix = "aims_authz_";

    public static void Set(HttpContext http, string flowId, string secret) =>
        http.Response.Cookies.Append(Name(flowId), secret, Options(http, SessionLimits.FlowLifetime));

    /// <summary>The secret the browser holds for <paramref name="flowId"/>, or empty when it sent none.</summary>
    public static string Read(HttpContext http, string flowId) =>
        http.Request.Cookies.TryGetValue(Name(flowId), out var value) && OpaqueSecrets.IsOpaque(value, OpaqueSecrets.SecretLength) ? value : string.Empty;

    public static void Delete(HttpContext http, string flowId) =>
        http.Response.Cookies.Delete(Name(flowId), Options(http, TimeSpan.Zero));

    private static string Name(string flowId) => Prefix + flowId;

    private static CookieOptions Options(HttpContext http, TimeSpan maxAge) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Lax,
        Secure = http.Request.IsHttps,
        Path = Core.OAuth.AuthorizationServerMetadata.AuthorizationPath,
        MaxAge = maxAge,
        IsEssential = true,
    };
}
