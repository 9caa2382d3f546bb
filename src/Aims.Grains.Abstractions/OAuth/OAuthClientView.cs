namespace Aims.Grains.OAuth;

/// <summary>
/// A client registered through RFC 7591 (its metadata, §2). An agent registers under its SPIFFE ID (to name its
/// redirect URIs for user delegation); any other client gets a generated client_id and no secret.
/// </summary>
/// <param name="TokenEndpointAuthMethod"><c>none</c> (public client, PKCE), <c>private_key_jwt</c> (with <paramref name="JwksJson"/>), or an agent's SVID methods.</param>
/// <param name="Scope">The ceiling on the scopes the client may ask for (space-separated), or null for whatever policy allows.</param>
/// <param name="JwksJson">The client's public keys (RFC 7591 <c>jwks</c>) for private_key_jwt, or null.</param>
[GenerateSerializer, Immutable, Alias("aims.OAuthClientView")]
public sealed record OAuthClientView(
    [property: Id(0)] string ClientId,
    [property: Id(1)] string? ClientName,
    [property: Id(2)] IReadOnlyList<string> RedirectUris,
    [property: Id(3)] IReadOnlyList<string> GrantTypes,
    [property: Id(4)] IReadOnlyList<string> ResponseTypes,
    [property: Id(5)] string TokenEndpointAuthMethod,
    [property: Id(6)] string? Scope,
    [property: Id(7)] string? JwksJson,
    [property: Id(8)] bool IsAgent,
    [property: Id(9)] DateTimeOffset IssuedAt);
