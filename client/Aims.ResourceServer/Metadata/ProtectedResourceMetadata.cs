using System.Text.Json;
using System.Text.Json.Nodes;

namespace Aims.ResourceServer.Metadata;

/// <summary>
/// OAuth 2.0 Protected Resource Metadata (RFC 9728): what an agent needs to get a token for this resource, i.e.
/// which authorization server to ask (<c>authorization_servers</c>), for which scopes, and how to present it.
/// </summary>
public static class ProtectedResourceMetadata
{
    /// <summary>RFC 9728 §3: the well-known URI suffix.</summary>
    public const string WellKnownSegment = "/.well-known/oauth-protected-resource";

    /// <summary>
    /// RFC 9728 §3.1: the suffix goes between the host and the path of the resource identifier, after removing a
    /// terminating slash; <c>https://api.example.com/reports</c> → <c>/.well-known/oauth-protected-resource/reports</c>.
    /// </summary>
    public static string PathFor(string resource)
    {
        var path = new Uri(resource, UriKind.Absolute).AbsolutePath.TrimEnd('/');
        return WellKnownSegment + path;
    }

    /// <summary>The absolute metadata URL of <paramref name="resource"/> (the <c>resource_metadata</c> of RFC 9728 §5.1).</summary>
    public static string UrlFor(string resource)
    {
        var uri = new Uri(resource, UriKind.Absolute);
        return uri.GetLeftPart(UriPartial.Authority) + PathFor(resource);
    }

    /// <summary>
    /// The metadata document (RFC 9728 §2). <c>resource</c> is exactly the configured identifier, which RFC 9728 §3.3
    /// has clients compare with the one they derived the URL from. Tokens go in the header only (RFC 6750 §2.1), and
    /// certificate-bound tokens (RFC 8705 §3) are honoured.
    /// </summary>
    public static JsonObject Document(AimsResourceServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var document = new JsonObject
        {
            ["resource"] = options.Resource,
            ["authorization_servers"] = new JsonArray(options.Issuer),
            ["bearer_methods_supported"] = new JsonArray("header"),
            ["tls_client_certificate_bound_access_tokens"] = true,
        };

        // RFC 9728 §2: scopes_supported is RECOMMENDED; an empty list says nothing, so it is left out.
        if (options.ScopesSupported.Count > 0)
            document["scopes_supported"] = new JsonArray([.. options.ScopesSupported.Select(s => JsonValue.Create(s))]);
        return document;
    }

    internal static string ToJson(AimsResourceServerOptions options) => Document(options).ToJsonString(new JsonSerializerOptions { WriteIndented = false });
}
