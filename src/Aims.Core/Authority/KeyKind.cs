namespace Aims.Core.Authority;

/// <summary>The three kinds of signing key a trust-domain authority rotates with one shared schedule.</summary>
public enum KeyKind
{
    /// <summary>X.509 CA key and certificate that sign X509-SVIDs (bundle <c>use: x509-svid</c>).</summary>
    X509Authority = 0,

    /// <summary>Key that signs JWT-SVIDs (bundle <c>use: jwt-svid</c>).</summary>
    JwtSvid = 1,

    /// <summary>Key that signs WITs (bundle <c>use: wit-svid</c>, WIT-SVID §6).</summary>
    Wit = 2,
}
