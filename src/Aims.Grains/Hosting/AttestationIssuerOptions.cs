using Aims.Core.Attestation;
using Aims.Core.Identity;
using Aims.Core.OAuth;

namespace Aims.Grains.Hosting;

/// <summary>What every issuer of attestation tokens is configured with: its <c>iss</c>, keys, audiences and freshness.</summary>
public abstract class AttestationIssuerOptions
{
    /// <summary>The exact <c>iss</c> of its tokens.</summary>
    public string Issuer { get; set; } = string.Empty;

    /// <summary>Where its JWK Set is fetched: <c>https</c> (plain <c>http</c> only to loopback); cached, refetched for an unknown kid.</summary>
    public string? JwksUri { get; set; }

    /// <summary>Its JWK Set inline (the JSON document), instead of <see cref="JwksUri"/>.</summary>
    public string? Jwks { get; set; }

    /// <summary>The <c>aud</c> values that mean "for this fabric"; required.</summary>
    public List<string> Audiences { get; set; } = [];

    /// <summary>How long after its <c>iat</c> a token is accepted; default one hour.</summary>
    public TimeSpan? MaxTokenAge { get; set; }

    /// <summary>When true, each token must carry a <c>jti</c> and attests once.</summary>
    public bool SingleUse { get; set; }

    protected AttestationTokenIssuer ToTokenIssuer(TrustDomain trustDomain, string path)
    {
        // The key source is the same checked form as OAuth's trusted issuers (inline keys or a fixed jwks_uri).
        if (!TrustedIssuer.TryCreate(Issuer, Jwks, JwksUri, "attestation", [trustDomain.Name], out var keys, out var error)
            || !AttestationTokenIssuer.TryCreate(keys, Audiences, MaxTokenAge, SingleUse, out var issuer, out error))
            throw new InvalidOperationException($"{path}: {error}.");
        return issuer;
    }
}
