namespace Aims.Grains.Tokens;

/// <summary>
/// RFC 8693 delegation: the authenticated client (this agent) asks to act for the subject of a token it holds.
/// The subject token was validated by the front end; its claims travel here.
/// </summary>
[GenerateSerializer, Immutable, Alias("aims.TokenExchangeGrant")]
public sealed record TokenExchangeGrant(
    [property: Id(0)] string Issuer,
    [property: Id(1)] string SubjectJti,
    [property: Id(2)] string Subject,
    [property: Id(3)] string SubjectClientId,
    [property: Id(4)] IReadOnlyList<string> SubjectScopes,
    [property: Id(5)] IReadOnlyList<string> SubjectActors,
    [property: Id(6)] DateTimeOffset SubjectExpiresAt,
    [property: Id(7)] IReadOnlyList<string> RequestedScopes,
    [property: Id(8)] IReadOnlyList<string> Resources,
    [property: Id(9)] string? CnfX5tS256,
    [property: Id(10)] string ClientAuthentication,
    [property: Id(11)] string CorrelationId);
