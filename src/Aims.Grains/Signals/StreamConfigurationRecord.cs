namespace Aims.Grains.Signals;

/// <summary>
/// Core's stream configuration as stored. The push <c>authorization_header</c> is the receiver's secret for its own
/// endpoint, so it is kept encrypted under the key-encryption key (<see cref="ProtectedAuthorizationHeader"/>).
/// </summary>
[GenerateSerializer, Immutable, Alias("aims.StreamConfigurationRecord")]
public sealed record StreamConfigurationRecord(
    [property: Id(0)] string StreamId,
    [property: Id(1)] string Issuer,
    [property: Id(2)] IReadOnlyList<string> Audience,
    [property: Id(3)] IReadOnlyList<string> EventsSupported,
    [property: Id(4)] IReadOnlyList<string> EventsRequested,
    [property: Id(5)] IReadOnlyList<string> EventsDelivered,
    [property: Id(6)] string DeliveryMethod,
    [property: Id(7)] string EndpointUrl,
    [property: Id(8)] byte[]? ProtectedAuthorizationHeader,
    [property: Id(9)] string? Description,
    [property: Id(10)] int MinVerificationInterval);
