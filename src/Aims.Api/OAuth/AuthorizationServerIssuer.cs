namespace Aims.Api.OAuth;

/// <summary>The issuer identifier of the authorization server (RFC 8414 §2): <c>Aims:Issuer</c>, else the first HTTP(S) URL.</summary>
public sealed record AuthorizationServerIssuer(string Url)
{
    public string TokenEndpoint => Url + Core.OAuth.AuthorizationServerMetadata.TokenPath;

    /// <summary>Audiences a client assertion may name (RFC 7523 §3 item 3): the issuer or the token endpoint.</summary>
    public IReadOnlyList<string> AssertionAudiences => [Url, TokenEndpoint];
}
