using System.Text.Json;
using Aims.Core.OAuth;
using Aims.Grains.OAuth;
using Members = Aims.Core.OAuth.Registration.ClientRegistrationConstants.Members;

namespace Aims.Api.OAuth;

/// <summary>
/// A registered client as RFC 7591 §3.2.1 returns it: every registered member plus <c>client_id</c> and
/// <c>client_id_issued_at</c>. Never a <c>client_secret</c>: this server issues none.
/// </summary>
internal static class RegisteredClientResponse
{
    public static Dictionary<string, object> From(OAuthClientView client)
    {
        var body = new Dictionary<string, object>
        {
            [Members.ClientId] = client.ClientId,
            [Members.ClientIdIssuedAt] = client.IssuedAt.ToUnixTimeSeconds(),
            [Members.RedirectUris] = client.RedirectUris,
            [Members.GrantTypes] = client.GrantTypes,
            [Members.ResponseTypes] = client.ResponseTypes,
            [Members.TokenEndpointAuthMethod] = client.TokenEndpointAuthMethod,
        };
        if (client.ClientName is { } name)
            body[Members.ClientName] = name;
        if (client.Scope is { } scope)
            body[Members.Scope] = scope;
        if (client.JwksJson is { } jwks)
        {
            using var document = JsonDocument.Parse(jwks);
            body[Members.Jwks] = document.RootElement.Clone();
        }

        // RFC 8705 §2.1.2: the certificate of an agent is an X509-SVID whose URI SAN is its SPIFFE ID.
        if (client.IsAgent && client.TokenEndpointAuthMethod == OAuthConstants.ClientAuthenticationMethods.TlsClientAuth)
            body[Members.TlsClientAuthSanUri] = client.ClientId;
        return body;
    }
}
