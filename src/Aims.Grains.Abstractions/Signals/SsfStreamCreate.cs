namespace Aims.Grains.Signals;

/// <summary>A receiver's create request (SSF 1.0 §8.1.1.1) and what the transmitter supplies for the new stream.</summary>
/// <param name="Owner">The receiver: the client_id of the access token that created the stream; also the stream's <c>aud</c>.</param>
/// <param name="BodyJson">The request body as sent.</param>
[GenerateSerializer, Immutable, Alias("aims.SsfStreamCreate")]
public sealed record SsfStreamCreate(
    [property: Id(0)] string Owner,
    [property: Id(1)] string BodyJson,
    [property: Id(2)] string Issuer,
    [property: Id(3)] string CorrelationId);
