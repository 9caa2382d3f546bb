namespace Aims.Core.Authority;

/// <summary>The kinds of signing key a trust-domain authority rotates with one shared schedule.</summary>
public enum KeyKind
{
    /// <summary>X.509 CA key and certificate that sign X509-SVIDs (bundle <c>use: x509-svid</c>).</summary>
    X509Authority = 0,

    /// <summary>Key that signs JWT-SVIDs (bundle <c>use: jwt-svid</c>).</summary>
    JwtSvid = 1,

    /// <summary>Key that signs WITs (bundle <c>use: wit-svid</c>, WIT-SVID §6).</summary>
    Wit = 2,

    /// <summary>
    /// Key of the authorization server: access tokens, transaction tokens and SETs. Published at
    /// <c>/oauth2/jwks</c>, never in the SPIFFE bundle, so an access token can't pass as an SVID.
    /// </summary>
    OAuth = 3,
}
