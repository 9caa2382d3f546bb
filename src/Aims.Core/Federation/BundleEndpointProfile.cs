namespace Aims.Core.Federation;

/// <summary>
/// How a bundle endpoint's server is authenticated (SPIFFE Federation §5.2). Configured explicitly for every
/// relationship: the profile cannot be securely inferred from the URL, and a client never falls back from one to
/// the other (Federation §5.1).
/// </summary>
public enum BundleEndpointProfile
{
    /// <summary><c>https_web</c>: a Web PKI server certificate naming the endpoint's host (RFC 6125).</summary>
    HttpsWeb,

    /// <summary><c>https_spiffe</c>: the server certificate is an X509-SVID of a configured SPIFFE ID.</summary>
    HttpsSpiffe,
}

/// <summary>The wire names of <see cref="BundleEndpointProfile"/> (Federation §5.2).</summary>
public static class BundleEndpointProfiles
{
    public const string HttpsWeb = "https_web";
    public const string HttpsSpiffe = "https_spiffe";

    public static string Name(BundleEndpointProfile profile) => profile switch
    {
        BundleEndpointProfile.HttpsWeb => HttpsWeb,
        BundleEndpointProfile.HttpsSpiffe => HttpsSpiffe,
        _ => throw new ArgumentOutOfRangeException(nameof(profile), profile, "unknown bundle endpoint profile"),
    };

    /// <summary>Exact, case-sensitive names only: <c>https_web</c> or <c>https_spiffe</c>.</summary>
    public static bool TryParse(string? name, out BundleEndpointProfile profile)
    {
        switch (name)
        {
            case HttpsWeb: profile = BundleEndpointProfile.HttpsWeb; return true;
            case HttpsSpiffe: profile = BundleEndpointProfile.HttpsSpiffe; return true;
            default: profile = default; return false;
        }
    }
}
