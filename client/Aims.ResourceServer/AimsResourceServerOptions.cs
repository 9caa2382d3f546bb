namespace Aims.ResourceServer;

/// <summary>
/// Who this resource server trusts and who it is: the fabric's issuer (the only authorization server whose access
/// tokens it accepts) and its own resource identifier (the audience those tokens must name). One resource server per
/// host; every part of this library (token validation, keys, signals, metadata) reads these values.
/// </summary>
public sealed class AimsResourceServerOptions
{
    /// <summary>
    /// The fabric's issuer identifier (the silo's <c>Aims:Issuer</c>, e.g. <c>https://aims.example.com</c>). Access
    /// tokens and SETs must carry exactly this <c>iss</c> (RFC 9068 §4, SSF 1.0 §4.1.3).
    /// </summary>
    public string Issuer { get; set; } = string.Empty;

    /// <summary>
    /// This resource's identifier (RFC 8707 §2, RFC 9728 §1.2), e.g. <c>https://reports.example.com</c>: the value
    /// agents send as <c>resource</c> at the token endpoint and that the token's <c>aud</c> must contain (RFC 9068 §4).
    /// An http(s) URL without query or fragment, because the protected resource metadata is found from it.
    /// </summary>
    public string Resource { get; set; } = string.Empty;

    /// <summary>Scopes this resource understands, published as <c>scopes_supported</c> (RFC 9728 §2).</summary>
    public IList<string> ScopesSupported { get; set; } = [];

    /// <summary>The fabric's signing keys; defaults to <c>{Issuer}/oauth2/jwks</c>, which signs access tokens and SETs.</summary>
    public string? JwksUri { get; set; }

    /// <summary>Leeway for <c>exp</c>, <c>nbf</c> and <c>iat</c> (RFC 9068 §4: "usually no more than a few minutes").</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How old the cached keys may get before they are refetched in the background, so that a key the fabric
    /// withdrew stops being accepted. Requests never wait for this refresh.
    /// </summary>
    public TimeSpan JwksRefreshInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long one request to the fabric's JWKS may take.</summary>
    public TimeSpan JwksFetchTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The largest JWKS document read; a bigger answer is refused rather than buffered.</summary>
    public int MaxJwksBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// The fabric's SPIFFE trust domain (e.g. <c>aims.local</c>). Set it to accept WIT + WPT
    /// (<c>Workload-Identity-Token</c> and <c>Workload-Proof-Token</c> headers, draft-ietf-wimse-workload-creds and
    /// -wpt): a WIT must name an identity of this trust domain and be signed by one of its <c>wit-svid</c> keys.
    /// </summary>
    public string? TrustDomain { get; set; }

    /// <summary>
    /// The base URL agents call this server at, e.g. <c>https://reports.example.com</c>; defaults to the origin of
    /// <see cref="Resource"/>. A WPT's <c>aud</c> must be this URL plus the request path (draft-ietf-wimse-wpt §2). It is
    /// configuration on purpose: the <c>Host</c> and <c>X-Forwarded-Host</c> headers are never used (wpt-01 §5).
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>The fabric's SPIFFE bundle, whose <c>wit-svid</c> keys sign WITs; defaults to <c>{Issuer}/spiffe/bundle</c>.</summary>
    public string? SpiffeBundleUri { get; set; }

    /// <summary>When true, every authenticated request needs WIT + WPT; an access token alone is refused.</summary>
    public bool RequireWorkloadProof { get; set; }

    /// <summary>The longest lifetime (<c>exp</c> minus now) a WPT may claim; WPT lifetimes "MUST be short" (wpt-01 §2).</summary>
    public TimeSpan MaxProofLifetime { get; set; } = Core.Wimse.WptValidationParameters.DefaultMaxLifetime;

    /// <summary>How many WPT <c>jti</c>s are remembered at most (each until its proof expires); when full of live ones, proofs are refused.</summary>
    public int ReplayCacheCapacity { get; set; } = Core.Wimse.WptReplayCache.DefaultCapacity;

    /// <summary>How many validated WITs and access tokens are kept, by hash, so that repeated requests skip their signature checks.</summary>
    public int ValidatedTokenCacheCapacity { get; set; } = 10_000;

    internal string EffectiveJwksUri => JwksUri ?? Issuer.TrimEnd('/') + Core.OAuth.AuthorizationServerMetadata.JwksPath;

    internal string EffectiveSpiffeBundleUri => SpiffeBundleUri ?? Issuer.TrimEnd('/') + "/spiffe/bundle";

    internal string EffectivePublicBaseUrl => (PublicBaseUrl ?? new Uri(Resource, UriKind.Absolute).GetLeftPart(UriPartial.Authority)).TrimEnd('/');

    internal bool AcceptsWorkloadProofs => !string.IsNullOrEmpty(TrustDomain);
}
