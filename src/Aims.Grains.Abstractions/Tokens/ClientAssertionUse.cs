namespace Aims.Grains.Tokens;

/// <summary>
/// An agent's client assertion that authenticated it and has not been spent yet: its <c>jti</c> and the instant until
/// which it must not be accepted again (its expiry plus the allowed clock skew). The agent grain spends it before
/// anything else in the call it travels with (RFC 7523 §3 item 7).
/// </summary>
[GenerateSerializer, Immutable, Alias("aims.ClientAssertionUse")]
public sealed record ClientAssertionUse([property: Id(0)] string Jti, [property: Id(1)] DateTimeOffset Until);
