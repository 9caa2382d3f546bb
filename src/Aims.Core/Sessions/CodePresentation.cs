namespace Aims.Core.Sessions;

/// <summary>An authorization code as a token request presents it (RFC 6749 §4.1.3, RFC 7636 §4.5).</summary>
/// <param name="ClientId">The client that authenticated, or the public client's client_id.</param>
/// <param name="Resources">RFC 8707 §2.2: the resources the access token is asked for; empty for all that were granted.</param>
public sealed record CodePresentation(string Code, string ClientId, string RedirectUri, string CodeVerifier, IReadOnlyList<string> Resources);
