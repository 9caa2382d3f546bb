namespace Aims.Grains.Sessions;

/// <summary>The result of a consent decision and, for <see cref="ConsentResult.Redirect"/>, where the browser goes.</summary>
[GenerateSerializer, Immutable, Alias("aims.ConsentOutcome")]
public sealed record ConsentOutcome(
    [property: Id(0)] ConsentResult Result,
    [property: Id(1)] AuthorizationRedirect? Redirect);
