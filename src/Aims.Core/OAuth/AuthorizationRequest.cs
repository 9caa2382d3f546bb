namespace Aims.Core.OAuth;

/// <summary>
/// An authorization request (RFC 6749 §4.1.1) that passed every check: the client and its exact redirect URI, the
/// PKCE S256 challenge (RFC 7636 §4.3), the scope and the RFC 8707 resources the user is asked to grant.
/// </summary>
/// <param name="State">The client's opaque value, returned unchanged with the response (RFC 6749 §4.1.2), or null.</param>
public sealed record AuthorizationRequest(
    string ClientId,
    string RedirectUri,
    ScopeSet Scope,
    IReadOnlyList<string> Resources,
    string CodeChallenge,
    string? State);
