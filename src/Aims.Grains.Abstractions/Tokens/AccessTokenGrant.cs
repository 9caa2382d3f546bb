namespace Aims.Grains.Tokens;

/// <summary>
/// What an authenticated client asks the token endpoint for (client_credentials). <see cref="Assertion"/> is the
/// client assertion that authenticated it when its single use is left to this call.
/// </summary>
[GenerateSerializer, Immutable, Alias("aims.AccessTokenGrant")]
public sealed record AccessTokenGrant(
    [property: Id(0)] string Issuer,
    [property: Id(1)] string GrantType,
    [property: Id(2)] IReadOnlyList<string> Scopes,
    [property: Id(3)] IReadOnlyList<string> Resources,
    [property: Id(4)] string? CnfX5tS256,
    [property: Id(5)] string ClientAuthentication,
    [property: Id(6)] string CorrelationId,
    [property: Id(7)] ClientAssertionUse? Assertion = null);
