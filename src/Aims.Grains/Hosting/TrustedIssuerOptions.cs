namespace Aims.Grains.Hosting;

/// <summary>An issuer of JWT authorization grants (RFC 7523 §2.1) this server accepts (<c>Aims:OAuth:TrustedIssuers:N</c>).</summary>
public sealed class TrustedIssuerOptions
{
    /// <summary>The exact <c>iss</c> of its assertions.</summary>
    public string Issuer { get; set; } = string.Empty;

    /// <summary>Where its JWK Set is fetched (cached; refetched on an unknown kid).</summary>
    public string? JwksUri { get; set; }

    /// <summary>Its JWK Set inline, instead of <see cref="JwksUri"/>.</summary>
    public string? Jwks { get; set; }

    /// <summary>The policy whose rules decide what the assertion's subjects may get.</summary>
    public string Policy { get; set; } = "default";
}
