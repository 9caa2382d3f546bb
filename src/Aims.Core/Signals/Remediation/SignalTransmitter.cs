using Aims.Core.Identity;
using Aims.Core.OAuth;

namespace Aims.Core.Signals.Remediation;

/// <summary>
/// An outside SSF transmitter (an EDR, an ITDR, an IdP) whose SETs this fabric accepts at <c>/ssf/receive</c>:
/// its issuer and keys (as for a trusted assertion issuer; the issuer's subject trust domains are those whose agents
/// its SETs may name), the <c>aud</c> values it addresses us with, and any per-event-type overrides of the default
/// remediation.
/// </summary>
/// <param name="ReducedScope">The ceiling a ReduceScope remediation leaves the agent (space-separated; empty for none).</param>
public sealed record SignalTransmitter(
    TrustedIssuer Issuer,
    IReadOnlyList<string> Audiences,
    IReadOnlyDictionary<string, RemediationKind> Overrides,
    string ReducedScope)
{
    /// <summary>True when its SETs may name <paramref name="agent"/>: an agent of a trust domain it was configured for.</summary>
    public bool SpeaksFor(SpiffeId agent) => Issuer.MayAssert(agent);
}
