namespace Aims.Grains.Tokens;

/// <summary>Everything the issuer needs to sign one JWT authorization grant (identity chaining); the agent grain decided every value.</summary>
/// <param name="Audience">The partner authorization server's issuer identifier: the grant's single <c>aud</c>.</param>
/// <param name="Actors">The subject token's delegation chain, current actor first; written as <c>act</c> when not empty.</param>
[GenerateSerializer, Immutable, Alias("aims.AuthorizationGrantMint")]
public sealed record AuthorizationGrantMint(
    [property: Id(0)] string Issuer,
    [property: Id(1)] string Subject,
    [property: Id(2)] string Audience,
    [property: Id(3)] string ClientId,
    [property: Id(4)] IReadOnlyList<string> Scopes,
    [property: Id(5)] IReadOnlyList<string> Actors,
    [property: Id(6)] TimeSpan Ttl);
