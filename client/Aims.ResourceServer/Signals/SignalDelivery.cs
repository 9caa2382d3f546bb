namespace Aims.ResourceServer.Signals;

/// <summary>How the fabric's SETs reach this resource server (SSF 1.0 §8.1.1).</summary>
public enum SignalDelivery
{
    /// <summary>RFC 8936: this server long-polls the fabric. Works behind NAT and firewalls; the default.</summary>
    Poll,

    /// <summary>RFC 8935: the fabric POSTs each SET to <see cref="FabricSignalOptions.PushEndpoint"/>.</summary>
    Push,
}
