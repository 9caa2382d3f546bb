namespace Aims.Grains.Tokens;

/// <summary>
/// RFC 8693 token exchange: the authenticated client (this agent) asks to act for the subject of a token it holds
/// (delegation, the default) or to become that subject (impersonation). The subject token was validated by the
/// front end; its claims travel here, with who the subject's policy lets act for it.
/// </summary>
/// <param name="Impersonation">True when the client asked for impersonation (<c>impersonation=true</c>, RFC 8693 §1.1).</param>
/// <param name="SubjectMayAct">The subject token's <c>may_act.sub</c> (RFC 8693 §4.4), or null.</param>
/// <param name="SubjectPermittedActors">
/// The SPIFFE IDs the subject agent's policy lets act for it (<c>oauth.delegation.may_act</c>); empty when it names
/// none or the subject is not an agent of this trust domain.
/// </param>
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
    [property: Id(11)] string CorrelationId,
    [property: Id(12)] bool Impersonation,
    [property: Id(13)] string? SubjectMayAct,
    [property: Id(14)] IReadOnlyList<string> SubjectPermittedActors);
