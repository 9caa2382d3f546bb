namespace Aims.Core.OAuth.Registration;

/// <summary>
/// A client metadata document (RFC 7591 §2) that passed every rule, with the defaults of §2 filled in: what is
/// registered and returned (§3.2.1). Members this server does not understand were ignored, as §2 requires.
/// </summary>
/// <param name="RedirectUris">Exactly as sent: the authorization endpoint compares them by simple string comparison (RFC 6749 §3.1.2.3).</param>
/// <param name="Scope">The scopes the client may ask for; null when it named none (its policy, or the registration ceiling, decides).</param>
/// <param name="JwksJson">The client's public keys as a canonical JWK Set (public members only), for private_key_jwt; else null.</param>
public sealed record ClientMetadata(
    string? ClientName,
    IReadOnlyList<string> RedirectUris,
    IReadOnlyList<string> GrantTypes,
    IReadOnlyList<string> ResponseTypes,
    string TokenEndpointAuthMethod,
    ScopeSet? Scope,
    string? JwksJson);
