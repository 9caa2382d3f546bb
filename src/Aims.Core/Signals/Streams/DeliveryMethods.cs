namespace Aims.Core.Signals.Streams;

/// <summary>SSF 1.0 §8.1.1 delivery method URIs.</summary>
public static class DeliveryMethods
{
    /// <summary>RFC 8935: the transmitter POSTs each SET to the receiver's <c>endpoint_url</c>.</summary>
    public const string Push = "urn:ietf:rfc:8935";

    /// <summary>RFC 8936: the receiver polls the transmitter's <c>endpoint_url</c>.</summary>
    public const string Poll = "urn:ietf:rfc:8936";
}
