using Aims.Core.OAuth;

namespace Aims.Core.Sessions;

/// <summary>A refresh token as a token request presents it (RFC 6749 §6).</summary>
/// <param name="Scope">The scope asked for; empty for everything the session was granted.</param>
/// <param name="Resources">The resources asked for; empty for everything the session was granted.</param>
public sealed record RefreshPresentation(string RefreshToken, string ClientId, ScopeSet Scope, IReadOnlyList<string> Resources);
