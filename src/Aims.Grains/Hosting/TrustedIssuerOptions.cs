using Aims.Core.OAuth;

namespace Aims.Grains.Hosting;

/// <summary>
/// An issuer of JWT authorization grants (RFC 7523 §2.1) this server accepts (<c>Aims:OAuth:TrustedIssuers:N</c>),
/// e.g. the authorization server of a partner trust domain in identity chaining. Checked at startup: a silo with
/// a trusted issuer it cannot use refuses to start rather than refusing every grant later.
/// </summary>
/// <example>
/// <code>
/// "TrustedIssuers": [ {
///   "Issuer": "https://as.partner.example",
///   "JwksUri": "https://as.partner.example/jwks",
///   "TrustDomains": [ "partner.example" ],
///   "Policy": "partner-agents",
///   "RequireClientAuthentication": true
/// } ]
/// </code>
/// </example>
public sealed class TrustedIssuerOptions
{
    /// <summary>The exact <c>iss</c> of its assertions.</summary>
    public string Issuer { get; set; } = string.Empty;

    /// <summary>
    /// Where its JWK Set is fetched: <c>https</c> (plain <c>http</c> only to loopback). Cached for minutes and
    /// refetched early when an assertion names an unknown <c>kid</c>, with a floor between fetches.
    /// </summary>
    public string? JwksUri { get; set; }

    /// <summary>Its JWK Set inline (the JSON document), instead of <see cref="JwksUri"/>.</summary>
    public string? Jwks { get; set; }

    /// <summary>
    /// The trust domains whose SPIFFE IDs it may assert as <c>sub</c>; required. A partner's issuer should list only
    /// its own trust domain: listing this one lets it speak for local agents.
    /// </summary>
    public List<string> TrustDomains { get; set; } = [];

    /// <summary>The policy whose rules decide what the assertion's subjects may get.</summary>
    public string Policy { get; set; } = "default";

    /// <summary>
    /// True: a grant of this issuer is refused unless the client authenticates, as the agent its <c>sub</c> names, with
    /// its X509-SVID over mTLS or its JWT-SVID as <c>client_assertion</c> (identity chaining §5.3). Default false, which
    /// accepts a bare grant (RFC 7523 §3.1); recommended true for partner fabrics.
    /// </summary>
    public bool RequireClientAuthentication { get; set; }

    /// <summary>The checked form Core validates assertions against.</summary>
    /// <exception cref="InvalidOperationException">The entry is incomplete or inconsistent; the message says what to fix.</exception>
    public TrustedIssuer ToTrustedIssuer() =>
        TrustedIssuer.TryCreate(Issuer, Jwks, JwksUri, Policy, TrustDomains, out var trusted, out var error, RequireClientAuthentication)
            ? trusted
            : throw new InvalidOperationException($"Aims:OAuth:TrustedIssuers: {error}.");

    /// <summary>All configured issuers by <c>iss</c>.</summary>
    /// <exception cref="InvalidOperationException">An entry is invalid, or two name the same issuer.</exception>
    public static TrustedIssuerDirectory Directory(IEnumerable<TrustedIssuerOptions> issuers)
    {
        ArgumentNullException.ThrowIfNull(issuers);
        var trusted = issuers.Select(issuer => issuer.ToTrustedIssuer()).ToList();
        try
        {
            return new TrustedIssuerDirectory(trusted);
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"Aims:OAuth:TrustedIssuers: {e.Message}", e);
        }
    }
}
