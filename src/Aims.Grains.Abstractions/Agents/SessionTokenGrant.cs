namespace Aims.Grains.Agents;

/// <summary>
/// A session asks its agent for an access token on the user's behalf (code redemption or refresh). The session
/// already checked the code or refresh token; the agent checks its own state and policy again, then mints.
/// </summary>
/// <param name="MaxTtl">The time left in the session; the token does not outlive it.</param>
/// <param name="GrantType">authorization_code or refresh_token, for the audit record.</param>
[GenerateSerializer, Immutable, Alias("aims.SessionTokenGrant")]
public sealed record SessionTokenGrant(
    [property: Id(0)] string SessionId,
    [property: Id(1)] string User,
    [property: Id(2)] IReadOnlyList<string> UserGroups,
    [property: Id(3)] IReadOnlyList<string> Scopes,
    [property: Id(4)] IReadOnlyList<string> Resources,
    [property: Id(5)] TimeSpan MaxTtl,
    [property: Id(6)] string Issuer,
    [property: Id(7)] string GrantType,
    [property: Id(8)] string ClientAuthentication,
    [property: Id(9)] string? CnfX5tS256,
    [property: Id(10)] string CorrelationId);
