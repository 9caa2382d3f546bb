using System.Text;
using Aims.Core.OAuth;

namespace Aims.ResourceServer.Authentication;

/// <summary>
/// The <c>WWW-Authenticate: Bearer …</c> value (RFC 6750 §3): where the resource's metadata is (RFC 9728 §5.1), and
/// when a token was presented, why it was refused. Without a token there is no error code (RFC 6750 §3.1: "SHOULD
/// NOT include an error code"). Every value is a quoted-string, so descriptions are reduced to the RFC 6749 §5.2
/// character set (no quote or backslash can break out of it).
/// </summary>
internal static class BearerChallenge
{
    public static string Format(string resourceMetadataUrl, string? error = null, string? description = null, string? scope = null)
    {
        var challenge = new StringBuilder("Bearer resource_metadata=\"").Append(resourceMetadataUrl).Append('"');
        if (error is not null)
        {
            var wire = new OAuthError(error, description ?? string.Empty);
            challenge.Append(", error=\"").Append(wire.Error).Append('"');
            if (wire.Description.Length > 0)
                challenge.Append(", error_description=\"").Append(wire.Description).Append('"');
        }

        // RFC 6750 §3: scope is a space-delimited list of NQCHAR scope-tokens, which cannot hold a quote.
        if (scope is not null)
            challenge.Append(", scope=\"").Append(scope).Append('"');
        return challenge.ToString();
    }
}
