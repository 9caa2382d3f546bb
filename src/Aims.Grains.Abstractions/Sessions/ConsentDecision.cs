namespace Aims.Grains.Sessions;

/// <summary>The user's answer on the consent page.</summary>
/// <param name="BindingSecret">The flow's cookie value from the browser that posted the form.</param>
/// <param name="Allow">True for allow, false for deny.</param>
[GenerateSerializer, Immutable, Alias("aims.ConsentDecision")]
public sealed record ConsentDecision(
    [property: Id(0)] string BindingSecret,
    [property: Id(1)] bool Allow,
    [property: Id(2)] string CorrelationId)
{
    public override string ToString() => Allow ? "allow" : "deny";
}
