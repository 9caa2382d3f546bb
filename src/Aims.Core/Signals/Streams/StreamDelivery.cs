namespace Aims.Core.Signals.Streams;

/// <summary>
/// How a stream's SETs travel (SSF 1.0 §8.1.1): push to the receiver's <paramref name="EndpointUrl"/>, with
/// <paramref name="AuthorizationHeader"/> on every request when set, or poll at the transmitter's <paramref name="EndpointUrl"/>.
/// </summary>
public sealed record StreamDelivery(string Method, string EndpointUrl, string? AuthorizationHeader)
{
    public bool IsPush => Method == DeliveryMethods.Push;
}
