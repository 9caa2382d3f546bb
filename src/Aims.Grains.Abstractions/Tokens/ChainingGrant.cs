namespace Aims.Grains.Tokens;

/// <summary>
/// Identity chaining (draft-ietf-oauth-identity-chaining §2.3): the authenticated agent asks, with an access token of
/// this server issued to it, for a JWT authorization grant to present at a partner domain's authorization server. The
/// front end validated the subject token and its standing; its claims travel here, and the agent's policy decides.
/// </summary>
/// <param name="Partner">The partner authorization server's issuer identifier: the grant's <c>aud</c>.</param>
/// <param name="SubjectScopes">The subject token's scope as it stands now (a scope reduction since issuance applied).</param>
/// <param name="GrantLifetime">The partner's configured grant lifetime; the grant lives no longer than the subject token.</param>
[GenerateSerializer, Immutable, Alias("aims.ChainingGrant")]
public sealed record ChainingGrant(
    [property: Id(0)] string Issuer,
    [property: Id(1)] string Partner,
    [property: Id(2)] string SubjectJti,
    [property: Id(3)] string Subject,
    [property: Id(4)] IReadOnlyList<string> SubjectScopes,
    [property: Id(5)] IReadOnlyList<string> SubjectActors,
    [property: Id(6)] DateTimeOffset SubjectExpiresAt,
    [property: Id(7)] IReadOnlyList<string> RequestedScopes,
    [property: Id(8)] TimeSpan GrantLifetime,
    [property: Id(9)] string ClientAuthentication,
    [property: Id(10)] string CorrelationId);
