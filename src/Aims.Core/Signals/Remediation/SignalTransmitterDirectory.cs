using System.Diagnostics.CodeAnalysis;

namespace Aims.Core.Signals.Remediation;

/// <summary>The configured SSF transmitters by exact issuer.</summary>
public sealed class SignalTransmitterDirectory(IEnumerable<SignalTransmitter> transmitters)
{
    private readonly Dictionary<string, SignalTransmitter> _byIssuer = transmitters.ToDictionary(t => t.Issuer.Issuer, StringComparer.Ordinal);

    public static SignalTransmitterDirectory Empty { get; } = new([]);

    public int Count => _byIssuer.Count;

    public bool TryGet(string? issuer, [NotNullWhen(true)] out SignalTransmitter? transmitter)
    {
        transmitter = null;
        return issuer is not null && _byIssuer.TryGetValue(issuer, out transmitter);
    }
}
