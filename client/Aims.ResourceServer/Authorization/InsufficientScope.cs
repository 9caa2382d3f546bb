using Microsoft.AspNetCore.Http;

namespace Aims.ResourceServer.Authorization;

/// <summary>
/// Remembers, for the current request, which scope a <see cref="ScopeRequirement"/> found missing, so that the 403
/// challenge can name it (RFC 6750 §3.1). Authorization decides; the authentication handler writes the answer.
/// </summary>
internal static class InsufficientScope
{
    /// <summary>RFC 6750 §3.1: the request requires higher privileges than the access token provides (HTTP 403).</summary>
    public const string Error = "insufficient_scope";

    private static readonly object Key = new();

    public static void Remember(HttpContext http, string scope) =>
        http.Items[Key] = Of(http) is { } earlier ? earlier + " " + scope : scope;

    /// <summary>The missing scopes, space-delimited as the challenge's <c>scope</c> attribute wants them (RFC 6750 §3).</summary>
    public static string? Of(HttpContext http) => http.Items.TryGetValue(Key, out var scope) ? scope as string : null;
}
