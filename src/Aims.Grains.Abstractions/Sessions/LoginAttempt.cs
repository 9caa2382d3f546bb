namespace Aims.Grains.Sessions;

/// <summary>A sign-in on the login page. The password is checked against its hash and never stored or logged.</summary>
/// <param name="BindingSecret">The flow's cookie value from the browser that posted the form.</param>
[GenerateSerializer, Immutable, Alias("aims.LoginAttempt")]
public sealed record LoginAttempt(
    [property: Id(0)] string BindingSecret,
    [property: Id(1)] string UserName,
    [property: Id(2)] string Password,
    [property: Id(3)] string CorrelationId)
{
    public override string ToString() => $"sign-in as {UserName}";
}
