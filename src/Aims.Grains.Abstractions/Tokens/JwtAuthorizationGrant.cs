namespace Aims.Grains.Tokens;

/// <summary>
/// An RFC 7523 §2.1 JWT authorization grant the front end has validated (signature, issuer, audience, lifetime,
/// single use): what the asserted subject asks for and under which trusted issuer's policy.
/// </summary>
/// <param name="Issuer">This authorization server's issuer identifier, for the access token's <c>iss</c>.</param>
/// <param name="AssertionIssuer">The trusted issuer that signed the assertion.</param>
/// <param name="Policy">The policy configured for that issuer, which decides what its subjects get.</param>
/// <param name="Subject">The asserted SPIFFE ID (the assertion's <c>sub</c>).</param>
/// <param name="ClientId">The authenticated client, or null when the request carried no client authentication (RFC 7523 §3.1).</param>
/// <param name="ClientAuthentication">How the client authenticated, or "none".</param>
/// <param name="ClientCredential">Which credential proved the client, for the audit log (an SVID's SPIFFE ID and serial or jti); null when not recorded.</param>
[GenerateSerializer, Immutable, Alias("aims.JwtAuthorizationGrant")]
public sealed record JwtAuthorizationGrant(
    [property: Id(0)] string Issuer,
    [property: Id(1)] string AssertionIssuer,
    [property: Id(2)] string Policy,
    [property: Id(3)] string Subject,
    [property: Id(4)] string AssertionJti,
    [property: Id(5)] IReadOnlyList<string> RequestedScopes,
    [property: Id(6)] IReadOnlyList<string> Resources,
    [property: Id(7)] string? ClientId,
    [property: Id(8)] string ClientAuthentication,
    [property: Id(9)] string? CnfX5tS256,
    [property: Id(10)] string CorrelationId,
    [property: Id(11)] DateTimeOffset? AssertionIssuedAt = null,
    [property: Id(12)] string? ClientCredential = null);
