namespace Aims.Grains.Agents;

/// <summary>At consent: may this user delegate these scopes and resources to the agent? Asked before a code is issued.</summary>
/// <param name="UserGroups">The user's groups from the user store, for policy <c>group:</c> entries.</param>
[GenerateSerializer, Immutable, Alias("aims.SessionAuthorization")]
public sealed record SessionAuthorization(
    [property: Id(0)] string SessionId,
    [property: Id(1)] string User,
    [property: Id(2)] IReadOnlyList<string> UserGroups,
    [property: Id(3)] IReadOnlyList<string> Scopes,
    [property: Id(4)] IReadOnlyList<string> Resources,
    [property: Id(5)] string CorrelationId);
