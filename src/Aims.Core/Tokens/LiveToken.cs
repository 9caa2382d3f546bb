namespace Aims.Core.Tokens;

/// <summary>An access token an agent was issued or got by exchange, as the agent remembers it; never the token itself.</summary>
/// <param name="Subject">The token's <c>sub</c>: the agent itself, or whom it acts for or impersonates.</param>
/// <param name="GrantType">The grant that produced it, e.g. <c>client_credentials</c> or token exchange.</param>
/// <param name="Scope">The granted scope, space-delimited.</param>
public sealed record LiveToken(
    string Jti,
    string Subject,
    string GrantType,
    IReadOnlyList<string> Audience,
    string Scope,
    DateTimeOffset IssuedAt,
    DateTimeOffset ExpiresAt)
{
    /// <summary>Live until, exclusively, its expiry: the same instant the token grain calls it expired.</summary>
    public bool IsLive(DateTimeOffset now) => now < ExpiresAt;
}
