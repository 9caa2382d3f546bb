using Aims.Core.Sessions;

namespace Aims.Grains.Sessions;

/// <summary>What the login and consent pages show of a flow.</summary>
/// <param name="User">The signed-in user, once there is one.</param>
/// <param name="RedirectUri">Where the consent decision sends the browser; the consent page's form-action must allow it.</param>
[GenerateSerializer, Immutable, Alias("aims.AuthorizationFlowView")]
public sealed record AuthorizationFlowView(
    [property: Id(0)] string FlowId,
    [property: Id(1)] AuthorizationFlowState State,
    [property: Id(2)] string ClientId,
    [property: Id(3)] bool IsAgentClient,
    [property: Id(4)] IReadOnlyList<string> Scopes,
    [property: Id(5)] IReadOnlyList<string> Resources,
    [property: Id(6)] string? User,
    [property: Id(7)] string? UserDisplayName,
    [property: Id(8)] string RedirectUri);
