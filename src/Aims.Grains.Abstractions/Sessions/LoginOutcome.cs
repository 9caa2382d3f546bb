namespace Aims.Grains.Sessions;

/// <summary>The result of a sign-in and, unless the binding failed or the flow is gone, the flow to render.</summary>
[GenerateSerializer, Immutable, Alias("aims.LoginOutcome")]
public sealed record LoginOutcome(
    [property: Id(0)] LoginResult Result,
    [property: Id(1)] AuthorizationFlowView? Flow);
