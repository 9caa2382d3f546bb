namespace Aims.Grains.Tokens;

/// <summary>Everything the issuer needs to sign one RFC 9068 access token; the grant already decided every value.</summary>
/// <param name="MayAct">The one party that may act for the subject, written as <c>may_act</c> (RFC 8693 §4.4); null for none.</param>
[GenerateSerializer, Immutable, Alias("aims.AccessTokenMint")]
public sealed record AccessTokenMint(
    [property: Id(0)] string Issuer,
    [property: Id(1)] string Subject,
    [property: Id(2)] string ClientId,
    [property: Id(3)] IReadOnlyList<string> Audience,
    [property: Id(4)] IReadOnlyList<string> Scopes,
    [property: Id(5)] TimeSpan Ttl,
    [property: Id(6)] IReadOnlyList<string> Actors,
    [property: Id(7)] string? CnfX5tS256,
    [property: Id(8)] string? MayAct = null);
