using System.Diagnostics.CodeAnalysis;
using Aims.Core.Identity;
using Aims.Core.Jose;

namespace Aims.Core.OAuth;

/// <summary>
/// An issuer whose JWT authorization grants (RFC 7523 §2.1) this server accepts: typically the authorization
/// server of another trust domain in identity chaining (draft-ietf-oauth-identity-chaining §2.4). Trust is
/// configured, never discovered: its exact <c>iss</c>, its keys (inline or at a fixed <c>jwks_uri</c>), the trust
/// domains whose SPIFFE IDs it may name as <c>sub</c>, and the policy that decides what those subjects get.
/// </summary>
public sealed class TrustedIssuer
{
    public const int MaxIssuerLength = 2048;

    private TrustedIssuer(
        string issuer, string policy, IReadOnlyList<TrustDomain> subjectTrustDomains, VerificationKeySet? keys, Uri? jwksUri, bool requireClientAuthentication)
    {
        Issuer = issuer;
        RequireClientAuthentication = requireClientAuthentication;
        Policy = policy;
        SubjectTrustDomains = subjectTrustDomains;
        Keys = keys;
        JwksUri = jwksUri;
    }

    /// <summary>The <c>iss</c> of its assertions, compared by simple string comparison (RFC 7523 §3 item 1, RFC 3986 §6.2.1).</summary>
    public string Issuer { get; }

    /// <summary>The name of the policy whose rules decide what an asserted subject may get.</summary>
    public string Policy { get; }

    /// <summary>
    /// The trust domains whose SPIFFE IDs the issuer may assert. Without this bound any trusted issuer could name
    /// any agent of this trust domain and act as it; an issuer of another domain should list only its own.
    /// </summary>
    public IReadOnlyList<TrustDomain> SubjectTrustDomains { get; }

    /// <summary>Its keys when configured inline; null when they are fetched from <see cref="JwksUri"/>.</summary>
    public VerificationKeySet? Keys { get; }

    /// <summary>Where its JWK Set is fetched; null when <see cref="Keys"/> are inline.</summary>
    public Uri? JwksUri { get; }

    /// <summary>
    /// True when a grant of this issuer is honoured only for a client that authenticates (identity chaining §5.3
    /// "Requiring client authentication"): its grants then stop being bearer tokens. False accepts a bare grant
    /// (RFC 7523 §3.1), for compatibility; partner fabrics should set it.
    /// </summary>
    public bool RequireClientAuthentication { get; }

    /// <summary>True when <paramref name="subject"/> belongs to a trust domain this issuer may assert.</summary>
    public bool MayAssert(SpiffeId subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        foreach (var trustDomain in SubjectTrustDomains)
        {
            if (subject.IsMemberOf(trustDomain))
                return true;
        }

        return false;
    }

    /// <summary>
    /// Checks a configured issuer: a non-empty <c>iss</c> without whitespace; exactly one of an inline JWK Set
    /// (<paramref name="jwks"/>) and a <paramref name="jwksUri"/>, which must be <c>https</c> (plain <c>http</c>
    /// only to a loopback host) without user info or fragment; at least one subject trust domain; a policy name.
    /// </summary>
    /// <param name="requireClientAuthentication">See <see cref="RequireClientAuthentication"/>.</param>
    public static bool TryCreate(
        string? issuer, string? jwks, string? jwksUri, string? policy, IEnumerable<string>? subjectTrustDomains,
        [NotNullWhen(true)] out TrustedIssuer? trusted, [NotNullWhen(false)] out string? error, bool requireClientAuthentication = false)
    {
        trusted = null;
        if (string.IsNullOrEmpty(issuer) || issuer.Length > MaxIssuerLength || issuer.Any(char.IsWhiteSpace))
        {
            error = $"Issuer must be the exact iss of the assertions: 1 to {MaxIssuerLength} characters without whitespace";
            return false;
        }

        if (string.IsNullOrWhiteSpace(jwks) == string.IsNullOrWhiteSpace(jwksUri))
        {
            error = $"trusted issuer '{issuer}' needs exactly one of Jwks (the JWK Set inline) and JwksUri";
            return false;
        }

        VerificationKeySet? keys = null;
        if (!string.IsNullOrWhiteSpace(jwks) && !VerificationKeySet.TryParse(jwks, out keys, out var keysError))
        {
            error = $"trusted issuer '{issuer}': Jwks is not usable: {keysError}";
            return false;
        }

        Uri? uri = null;
        if (!string.IsNullOrWhiteSpace(jwksUri) && !TryReadJwksUri(jwksUri, out uri, out var uriError))
        {
            error = $"trusted issuer '{issuer}': {uriError}";
            return false;
        }

        var domains = new List<TrustDomain>();
        foreach (var name in subjectTrustDomains ?? [])
        {
            if (!TrustDomain.TryParse(name, out var trustDomain, out var domainError))
            {
                error = $"trusted issuer '{issuer}': TrustDomains entry '{name}' is not a trust domain name: {domainError}";
                return false;
            }

            if (!domains.Contains(trustDomain))
                domains.Add(trustDomain);
        }

        if (domains.Count == 0)
        {
            error = $"trusted issuer '{issuer}' needs TrustDomains: the trust domains whose SPIFFE IDs it may assert as sub";
            return false;
        }

        if (string.IsNullOrWhiteSpace(policy))
        {
            error = $"trusted issuer '{issuer}' needs a Policy naming the policy that decides what its subjects get";
            return false;
        }

        trusted = new TrustedIssuer(issuer, policy, domains.AsReadOnly(), keys, uri, requireClientAuthentication);
        error = null;
        return true;
    }

    public override string ToString() => $"trusted issuer {Issuer} (policy {Policy})";

    private static bool TryReadJwksUri(string text, [NotNullWhen(true)] out Uri? uri, [NotNullWhen(false)] out string? error)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out uri) || !string.IsNullOrEmpty(uri.Fragment) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            error = $"JwksUri '{text}' must be an absolute URL without user info or fragment";
            return false;
        }

        // Keys fetched over plain HTTP could be swapped by anyone on the path; loopback is for tests and sidecars.
        if (uri.Scheme != Uri.UriSchemeHttps && !(uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback))
        {
            error = $"JwksUri '{text}' must use https (http only to a loopback host)";
            return false;
        }

        error = null;
        return true;
    }
}
