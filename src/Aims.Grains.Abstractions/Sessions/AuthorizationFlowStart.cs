namespace Aims.Grains.Sessions;

/// <summary>A validated authorization request (RFC 6749 §4.1.1, RFC 7636 §4.3, RFC 8707 §2) and the browser it is bound to.</summary>
/// <param name="IsAgentClient">The client is an agent whose policy decides; otherwise a registered client's limits do.</param>
/// <param name="BindingHash">The SHA-256 of the secret the browser holds as a cookie; the secret itself stays in the browser.</param>
[GenerateSerializer, Immutable, Alias("aims.AuthorizationFlowStart")]
public sealed record AuthorizationFlowStart(
    [property: Id(0)] string ClientId,
    [property: Id(1)] bool IsAgentClient,
    [property: Id(2)] string RedirectUri,
    [property: Id(3)] IReadOnlyList<string> Scopes,
    [property: Id(4)] IReadOnlyList<string> Resources,
    [property: Id(5)] string CodeChallenge,
    [property: Id(6)] string? State,
    [property: Id(7)] string BindingHash,
    [property: Id(8)] string CorrelationId);
