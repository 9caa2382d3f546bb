namespace Aims.Core.OAuth;

/// <summary>
/// What the authorization endpoint must know of a registered client (RFC 7591 §2) to judge a request: its exact
/// redirect URIs and what it registered to use. Empty lists take the RFC 7591 defaults (code, authorization_code).
/// </summary>
public sealed record AuthorizationClient(
    string ClientId,
    IReadOnlyList<string> RedirectUris,
    IReadOnlyList<string> ResponseTypes,
    IReadOnlyList<string> GrantTypes);
