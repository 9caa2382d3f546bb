using Aims.Core.Identity;
using Aims.Core.OAuth;
using Aims.Core.Signals.Remediation;

namespace Aims.Grains.Hosting;

/// <summary>An outside SSF transmitter whose SETs <c>POST /ssf/receive</c> accepts (<c>Aims:Signals:Transmitters:N</c>).</summary>
public sealed class SignalTransmitterOptions
{
    /// <summary>The exact <c>iss</c> of its SETs.</summary>
    public string Issuer { get; set; } = string.Empty;

    public string? JwksUri { get; set; }

    /// <summary>Its JWK Set inline, instead of <see cref="JwksUri"/>.</summary>
    public string? Jwks { get; set; }

    /// <summary>The <c>aud</c> values it sends us; empty means this fabric's issuer URL.</summary>
    public List<string> Audiences { get; set; } = [];

    /// <summary>Event type URI → remediation name (None, Compromise, ReduceScope, Suspend, Terminate, RevokeSession, RevokeSessions).</summary>
    public Dictionary<string, string> Remediations { get; set; } = [];

    /// <summary>
    /// The trust domains whose agents its SETs may name; empty means this fabric's own (an EDR or ITDR watching our
    /// agents). A partner fabric in identity chaining lists its own trust domain only: its signals then revoke what this
    /// fabric issued to its agents, and cannot touch ours.
    /// </summary>
    public List<string> TrustDomains { get; set; } = [];

    /// <summary>The scope an agent keeps after a ReduceScope remediation; empty keeps none.</summary>
    public string ReducedScope { get; set; } = string.Empty;

    /// <exception cref="InvalidOperationException">The configuration is unusable; the message says which entry and why.</exception>
    public SignalTransmitter ToTransmitter(TrustDomain trustDomain, string defaultAudience)
    {
        if (!TrustedIssuer.TryCreate(Issuer, Jwks, JwksUri, "ssf-receiver", TrustDomains.Count > 0 ? TrustDomains : [trustDomain.Name], out var issuer, out var error))
            throw new InvalidOperationException($"Aims:Signals:Transmitters: {error}");
        var overrides = new Dictionary<string, RemediationKind>(StringComparer.Ordinal);
        foreach (var (type, kind) in Remediations)
        {
            if (!Enum.TryParse<RemediationKind>(kind, ignoreCase: false, out var parsed) || !Enum.IsDefined(parsed))
                throw new InvalidOperationException($"Aims:Signals:Transmitters '{Issuer}': remediation '{kind}' for {type} is not one of {string.Join(", ", Enum.GetNames<RemediationKind>())}");
            overrides[type] = parsed;
        }

        return new SignalTransmitter(issuer, Audiences.Count > 0 ? [.. Audiences] : [defaultAudience], overrides, ReducedScope);
    }
}
